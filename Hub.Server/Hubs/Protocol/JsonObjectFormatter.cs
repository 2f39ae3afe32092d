using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using MessagePack;
using MessagePack.Formatters;

namespace KefuHub.Server.Hubs.Protocol;

/// <summary>
/// An object as a MessagePack map with System.Text.Json's contract for it: the JSON property names in
/// JSON's order, its getters and ignore callbacks for writing; for reading, its name matching
/// (case-insensitive when the options say so), setters, and the constructor of a positional record
/// with the defaults JSON passes for missing parameters. Unknown keys are skipped, as JSON skips
/// unknown properties.
/// </summary>
internal sealed class JsonObjectFormatter<T> : IMessagePackFormatter<T>
{
    private readonly JsonProperty[] _written;
    private readonly bool _conditional;
    private readonly Dictionary<string, JsonProperty>.AlternateLookup<ReadOnlySpan<char>> _byName;
    private readonly Func<object>? _create;
    private readonly ConstructorInvoker? _constructor;
    private readonly object?[] _defaultArguments = [];

    public JsonObjectFormatter(JsonTypeInfo typeInfo)
    {
        var properties = typeInfo.Properties.Select(p => new JsonProperty(p)).ToArray();
        _written = [.. properties.Where(p => p.Info.Get is not null)];
        _conditional = _written.Any(p => p.Info.ShouldSerialize is not null);
        var comparer = typeInfo.Options.PropertyNameCaseInsensitive ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var byName = new Dictionary<string, JsonProperty>(comparer);
        foreach (var property in properties.Where(p => p.Info.Set is not null || p.Position >= 0))
        {
            byName[property.Info.Name] = property;
        }

        _byName = byName.GetAlternateLookup<ReadOnlySpan<char>>();
        if (typeInfo.CreateObject is { } create)
        {
            _create = create;
        }
        else if (typeInfo.ConstructorAttributeProvider is ConstructorInfo constructor)
        {
            _constructor = ConstructorInvoker.Create(constructor);
            _defaultArguments = [.. constructor.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue
                : p.ParameterType.IsValueType && Nullable.GetUnderlyingType(p.ParameterType) is null ? RuntimeHelpers.GetUninitializedObject(p.ParameterType)
                : null)];
        }
    }

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        var count = _written.Length;
        if (_conditional)
        {
            count = 0;
            foreach (var property in _written)
            {
                count += property.ShouldWrite(value, property.Info.Get!(value)) ? 1 : 0;
            }
        }

        writer.WriteMapHeader(count);
        foreach (var property in _written)
        {
            var item = property.Info.Get!(value);
            if (!_conditional || property.ShouldWrite(value, item))
            {
                writer.WriteRaw(property.EncodedName);
                property.Codec.Write(ref writer, item, options);
            }
        }
    }

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return default!;
        }

        var count = reader.ReadMapHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var arguments = _constructor is null ? null : (object?[])_defaultArguments.Clone();
            List<(JsonProperty, object?)>? assigned = null;
            for (var i = 0; i < count; i++)
            {
                if (!TryReadProperty(ref reader, out var property))
                {
                    reader.Skip();
                    continue;
                }

                var item = property.Codec.Read(ref reader, options);
                if (arguments is not null && property.Position >= 0)
                {
                    arguments[property.Position] = item;
                }
                else
                {
                    (assigned ??= []).Add((property, item));
                }
            }

            var result = _create?.Invoke()
                ?? _constructor?.Invoke(arguments)
                ?? throw new MessagePackSerializationException($"{typeof(T)} cannot be created from a payload.");
            foreach (var (property, item) in assigned ?? [])
            {
                property.Info.Set!(result, item);
            }

            return (T)result;
        }
        finally
        {
            reader.Depth--;
        }
    }

    private bool TryReadProperty(ref MessagePackReader reader, out JsonProperty property)
    {
        if (reader.NextMessagePackType != MessagePackType.String)
        {
            reader.Skip();
            property = null!;
            return false;
        }

        if (reader.TryReadStringSpan(out var utf8) && utf8.Length <= 256)
        {
            Span<char> name = stackalloc char[utf8.Length];
            var length = Encoding.UTF8.GetChars(utf8, name);
            return _byName.TryGetValue(name[..length], out property!);
        }

        return _byName.TryGetValue(reader.ReadString(), out property!);
    }
}
