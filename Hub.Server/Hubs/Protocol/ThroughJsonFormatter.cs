using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using MessagePack;
using MessagePack.Formatters;

namespace KefuHub.Server.Hubs.Protocol;

/// <summary>
/// A value whose JSON form MessagePack's own formatters would not reproduce (an enum, DateTime,
/// TimeSpan, decimal, a type with a converter): System.Text.Json writes and reads it, and the JSON value
/// crosses into MessagePack as <see cref="JsonElementFormatter"/> maps it.
/// </summary>
internal sealed class ThroughJsonFormatter<T>(JsonTypeInfo typeInfo) : IMessagePackFormatter<T>
{
    private readonly JsonTypeInfo<T> _typeInfo = (JsonTypeInfo<T>)typeInfo;

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) =>
        JsonElementFormatter.Write(ref writer, JsonSerializer.SerializeToElement(value, _typeInfo));

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            JsonElementFormatter.ToJson(ref reader, writer, options);
        }

        return JsonSerializer.Deserialize(json.WrittenSpan, _typeInfo)!;
    }
}
