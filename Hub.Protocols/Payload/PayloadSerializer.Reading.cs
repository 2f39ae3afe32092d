using System.Collections;
using System.Text;
using System.Text.Json;
using KefuHub.Protocols.MessagePack;

namespace KefuHub.Protocols.Payload;

internal sealed partial class PayloadSerializer
{
    // Longer strings are no date or Guid System.Text.Json reads.
    private const int MaxParsedStringLength = 64;

    /// <summary>
    /// Reads directly what the plan covers; any other MessagePack value there (a string for a number, a
    /// float for an int, an integer map key...) is read again through JSON, so that System.Text.Json
    /// decides, as it would for the JSON protocol: converts it, or throws its error.
    /// </summary>
    private object? Read(ref MessagePackReader reader, PayloadType type)
    {
        var start = reader;
        if (TryRead(ref reader, type, out var value))
        {
            return value;
        }

        reader = start;
        return ReadThroughJson(ref reader, type.TypeInfo);
    }

    private bool TryRead(ref MessagePackReader reader, PayloadType type, out object? value)
    {
        value = null;
        if (type.Kind == PayloadKind.ThroughJson)
        {
            return false;
        }

        if (reader.TryReadNil())
        {
            return type.CanBeNull;
        }

        switch (type.Kind, reader.PeekType())
        {
            case (PayloadKind.String, MessagePackType.String):
                value = Encoding.UTF8.GetString(reader.ReadStringBytes());
                return true;
            case (PayloadKind.Boolean, MessagePackType.Boolean):
                value = reader.ReadBoolean();
                return true;
            case (PayloadKind.Int32, MessagePackType.Integer):
                var integer = reader.ReadInteger();
                value = integer >= int.MinValue && integer <= int.MaxValue ? (int)integer : null;
                return value is not null;
            case (PayloadKind.Int64, MessagePackType.Integer):
                var wide = reader.ReadInteger();
                value = wide >= long.MinValue && wide <= long.MaxValue ? (long)wide : null;
                return value is not null;
            case (PayloadKind.Double, MessagePackType.Integer):
                value = (double)reader.ReadInteger();
                return true;
            case (PayloadKind.Double, MessagePackType.Float) when reader.PeekCode() == MessagePackCode.Float64:
                // float32 goes through JSON, which reads its shortest text ("1.1"), not its double expansion.
                var number = reader.ReadDouble();
                value = number;
                return double.IsFinite(number);
            case (PayloadKind.Guid or PayloadKind.DateTimeOffset, MessagePackType.String):
                return TryParseJsonString(reader.ReadStringBytes(), type.Kind, out value);
            case (PayloadKind.DateTimeOffset, MessagePackType.Extension):
                value = reader.ReadTimestamp();
                return true;
            case (PayloadKind.Object, MessagePackType.Map) when type.Create is not null || type.Constructor is not null:
                return TryReadObject(ref reader, type, out value);
            case (PayloadKind.List, MessagePackType.Array) when type.Constructor is not null || type.TypeInfo.Type.IsArray:
                value = ReadList(ref reader, type);
                return true;
            case (PayloadKind.Dictionary, MessagePackType.Map) when type.Constructor is not null:
                return TryReadDictionary(ref reader, type, out value);
            default:
                return false;
        }
    }

    /// <summary>Guid and DateTimeOffset as System.Text.Json's converters read them: Utf8JsonReader.TryGetX.</summary>
    private static bool TryParseJsonString(ReadOnlySpan<byte> utf8, PayloadKind kind, out object? value)
    {
        value = null;
        if (utf8.Length > MaxParsedStringLength || utf8.IndexOfAny((byte)'"', (byte)'\\') >= 0 || utf8.IndexOfAnyInRange((byte)0, (byte)0x1f) >= 0)
        {
            return false;
        }

        Span<byte> json = stackalloc byte[MaxParsedStringLength + 2];
        json[0] = (byte)'"';
        utf8.CopyTo(json[1..]);
        json[utf8.Length + 1] = (byte)'"';
        var reader = new Utf8JsonReader(json[..(utf8.Length + 2)]);
        reader.Read();
        if (kind == PayloadKind.Guid)
        {
            value = reader.TryGetGuid(out var guid) ? guid : null;
        }
        else
        {
            value = reader.TryGetDateTimeOffset(out var date) ? date : null;
        }

        return value is not null;
    }

    private bool TryReadObject(ref MessagePackReader reader, PayloadType type, out object? value)
    {
        value = null;
        reader.EnterNested();
        var count = reader.ReadMapHeader();
        var arguments = type.DefaultArguments?.Clone() as object?[];
        var target = type.Create?.Invoke();
        List<(PayloadProperty Property, object? Value)>? afterConstruction = null;
        var properties = type.ReadProperties;
        for (var i = 0; i < count; i++)
        {
            if (reader.PeekType() != MessagePackType.String)
            {
                return false;
            }

            var property = Find(properties, reader.ReadStringBytes(), i);
            if (property is null)
            {
                reader.Skip();
                continue;
            }

            var item = Read(ref reader, property.GetPayloadType(this));
            if (target is not null)
            {
                property.Set!(target, item);
            }
            else if (property.Position >= 0)
            {
                arguments![property.Position] = item;
            }
            else
            {
                (afterConstruction ??= []).Add((property, item));
            }
        }

        reader.ExitNested();
        if (target is null)
        {
            target = type.Constructor!.Invoke(arguments.AsSpan());
            foreach (var (property, item) in afterConstruction ?? [])
            {
                property.Set!(target, item);
            }
        }

        value = target;
        return true;
    }

    /// <summary>The member named <paramref name="name"/>; written in order, so the i-th is tried first.</summary>
    private PayloadProperty? Find(PayloadProperty[] properties, ReadOnlySpan<byte> name, int index)
    {
        if (index < properties.Length && name.SequenceEqual(properties[index].Utf8Name))
        {
            return properties[index];
        }

        foreach (var property in properties)
        {
            if (name.SequenceEqual(property.Utf8Name))
            {
                return property;
            }
        }

        if (!Options.PropertyNameCaseInsensitive)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(name);
        return Array.Find(properties, p => string.Equals(p.Name, text, StringComparison.OrdinalIgnoreCase));
    }

    private object ReadList(ref MessagePackReader reader, PayloadType type)
    {
        reader.EnterNested();
        var count = reader.ReadArrayHeader();
        var element = type.GetElementType(this);
        var list = type.Constructor is null ? Array.CreateInstance(element.TypeInfo.Type, count) : (IList)type.Constructor.Invoke();
        for (var i = 0; i < count; i++)
        {
            var item = Read(ref reader, element);
            if (list is Array array)
            {
                array.SetValue(item, i);
            }
            else
            {
                list.Add(item);
            }
        }

        reader.ExitNested();
        return list;
    }

    private bool TryReadDictionary(ref MessagePackReader reader, PayloadType type, out object? value)
    {
        value = null;
        reader.EnterNested();
        var count = reader.ReadMapHeader();
        var element = type.GetElementType(this);
        var dictionary = (IDictionary)type.Constructor!.Invoke();
        for (var i = 0; i < count; i++)
        {
            if (reader.PeekType() != MessagePackType.String)
            {
                return false;
            }

            var key = Encoding.UTF8.GetString(reader.ReadStringBytes());
            dictionary[key] = Read(ref reader, element);
        }

        reader.ExitNested();
        value = dictionary;
        return true;
    }
}
