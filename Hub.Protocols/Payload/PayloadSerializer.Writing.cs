using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using KefuHub.Protocols.MessagePack;

namespace KefuHub.Protocols.Payload;

internal sealed partial class PayloadSerializer
{
    // "O" is yyyy-MM-ddTHH:mm:ss.fffffff+hh:mm: the fraction's seven digits start after the dot at 19.
    private const int RoundTripLength = 33;
    private const int FractionStart = 20;
    private const int FractionEnd = 27;

    // Integral doubles below 2^53 are exact in System.Text.Json's shortest text, so the transcoder read
    // them back as integers; from 1e17 the text has an exponent, a float64 to the transcoder.
    private const double ExactIntegers = 9007199254740992;
    private const double PlainIntegers = 1e17;

    private static readonly object Skipped = new();

    private void Write(ref MessagePackWriter writer, object? value, PayloadType type)
    {
        if (value is null && type.Kind != PayloadKind.ThroughJson)
        {
            writer.WriteNil();
            return;
        }

        switch (type.Kind)
        {
            case PayloadKind.String:
                writer.WriteString((string)value!);
                break;
            case PayloadKind.Boolean:
                writer.WriteBoolean((bool)value!);
                break;
            case PayloadKind.Int32:
                writer.WriteInt64((int)value!);
                break;
            case PayloadKind.Int64:
                writer.WriteInt64((long)value!);
                break;
            case PayloadKind.Double:
                WriteDouble(ref writer, (double)value!, type);
                break;
            case PayloadKind.Guid:
                Span<byte> guid = stackalloc byte[36];
                ((Guid)value!).TryFormat(guid, out var length);
                writer.WriteString(guid[..length]);
                break;
            case PayloadKind.DateTimeOffset:
                WriteDateTimeOffset(ref writer, (DateTimeOffset)value!);
                break;
            case PayloadKind.Enum:
                WriteEnum(ref writer, value!, type);
                break;
            case PayloadKind.JsonElement:
                WriteJsonElement(ref writer, (JsonElement)value!, type);
                break;
            case PayloadKind.Runtime:
                var runtimeType = value!.GetType();
                if (runtimeType == typeof(object))
                {
                    WriteThroughJson(ref writer, value, type.TypeInfo);
                }
                else
                {
                    Write(ref writer, value, GetPayloadType(runtimeType));
                }

                break;
            case PayloadKind.Object:
                WriteObject(ref writer, value!, type);
                break;
            case PayloadKind.List when value is ICollection list:
                writer.WriteArrayHeader(list.Count);
                var element = type.GetElementType(this);
                foreach (var item in list)
                {
                    Write(ref writer, item, element);
                }

                break;
            case PayloadKind.Dictionary when value is IDictionary dictionary:
                writer.WriteMapHeader(dictionary.Count);
                var entryType = type.GetElementType(this);
                var entries = dictionary.GetEnumerator();
                while (entries.MoveNext())
                {
                    writer.WriteString((string)entries.Key);
                    Write(ref writer, entries.Value, entryType);
                }

                break;
            default:
                WriteThroughJson(ref writer, value, type.TypeInfo);
                break;
        }
    }

    private void WriteObject(ref MessagePackWriter writer, object value, PayloadType type)
    {
        var properties = type.WriteProperties;
        if (!type.HasConditions)
        {
            writer.WriteMapHeader(properties.Length);
            foreach (var property in properties)
            {
                writer.WriteRaw(property.EncodedName);
                Write(ref writer, property.Get!(value), property.GetPayloadType(this));
            }

            return;
        }

        // Each getter runs once, as in System.Text.Json: values first, then the map of those kept.
        var values = ArrayPool<object?>.Shared.Rent(properties.Length);
        try
        {
            var count = 0;
            for (var i = 0; i < properties.Length; i++)
            {
                var item = properties[i].Get!(value);
                var kept = properties[i].ShouldSerialize?.Invoke(value, item) ?? true;
                values[i] = kept ? item : Skipped;
                count += kept ? 1 : 0;
            }

            writer.WriteMapHeader(count);
            for (var i = 0; i < properties.Length; i++)
            {
                if (!ReferenceEquals(values[i], Skipped))
                {
                    writer.WriteRaw(properties[i].EncodedName);
                    Write(ref writer, values[i], properties[i].GetPayloadType(this));
                }
            }
        }
        finally
        {
            ArrayPool<object?>.Shared.Return(values, clearArray: true);
        }
    }

    private static void WriteDouble(ref MessagePackWriter writer, double value, PayloadType type)
    {
        // As the transcoder carries System.Text.Json's number text: "42" is an integer, "0.5" and
        // "1E+17" float64. NaN and the infinities are for the options to write or refuse, and the
        // integers between 2^53 and 1e17 are whatever their shortest text ("99999999999999980") says.
        var magnitude = Math.Abs(value);
        if (magnitude < ExactIntegers && value == Math.Floor(value))
        {
            writer.WriteInt64((long)value);
        }
        else if (!double.IsFinite(value) || (magnitude < PlainIntegers && value == Math.Floor(value)))
        {
            WriteThroughJson(ref writer, value, type.TypeInfo);
        }
        else
        {
            writer.WriteDouble(value);
        }
    }

    /// <summary>The string System.Text.Json writes: round-trip ISO-8601 without trailing zeros in the fraction.</summary>
    private static void WriteDateTimeOffset(ref MessagePackWriter writer, DateTimeOffset value)
    {
        Span<byte> text = stackalloc byte[RoundTripLength];
        value.TryFormat(text, out var length, "O", CultureInfo.InvariantCulture);
        var end = FractionEnd;
        while (end > FractionStart && text[end - 1] == '0')
        {
            end--;
        }

        if (end == FractionStart)
        {
            end--;
        }

        text[FractionEnd..length].CopyTo(text[end..]);
        writer.WriteString(text[..(end + length - FractionEnd)]);
    }

    private static void WriteEnum(ref MessagePackWriter writer, object value, PayloadType type)
    {
        if (type.EnumValues!.TryGetValue(value, out var cached))
        {
            writer.WriteRaw(cached);
            return;
        }

        // Undefined values (combinations of flags, casts) are not cached: there may be any number.
        if (!Enum.IsDefined(type.TypeInfo.Type, value))
        {
            WriteThroughJson(ref writer, value, type.TypeInfo);
            return;
        }

        var encoded = new ArrayBufferWriter<byte>();
        var encoder = new MessagePackWriter(encoded);
        WriteThroughJson(ref encoder, value, type.TypeInfo);
        writer.WriteRaw(type.EnumValues.GetOrAdd(value, encoded.WrittenSpan.ToArray()));
    }

    private static void WriteJsonElement(ref MessagePackWriter writer, JsonElement value, PayloadType type)
    {
        if (value.ValueKind == JsonValueKind.Undefined)
        {
            WriteThroughJson(ref writer, value, type.TypeInfo);
            return;
        }

        var reader = new Utf8JsonReader(JsonMarshal.GetRawUtf8Value(value));
        reader.Read();
        JsonMessagePackTranscoder.ToMessagePack(ref reader, ref writer);
    }
}
