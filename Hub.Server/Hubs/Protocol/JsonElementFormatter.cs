using System.Buffers;
using System.Globalization;
using System.Text.Json;
using MessagePack;
using MessagePack.Formatters;

namespace KefuHub.Server.Hubs.Protocol;

/// <summary>
/// Free-form JSON (a message's <c>ext</c>) as the MessagePack value of the same shape: objects as maps,
/// arrays, strings, integers in their shortest form, other numbers as float64, booleans, nil. Reading
/// turns the MessagePack value into JSON first, the way <see cref="ThroughJsonFormatter{T}"/> does.
/// </summary>
internal sealed class JsonElementFormatter : IMessagePackFormatter<JsonElement>
{
    public static readonly JsonElementFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, JsonElement value, MessagePackSerializerOptions options) => Write(ref writer, value);

    public JsonElement Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            ToJson(ref reader, writer, options);
        }

        var jsonReader = new Utf8JsonReader(json.WrittenSpan);
        return JsonElement.ParseValue(ref jsonReader);
    }

    public static void Write(ref MessagePackWriter writer, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var count = 0;
                foreach (var _ in value.EnumerateObject())
                {
                    count++;
                }

                writer.WriteMapHeader(count);
                foreach (var property in value.EnumerateObject())
                {
                    writer.Write(property.Name);
                    Write(ref writer, property.Value);
                }

                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(value.GetArrayLength());
                foreach (var item in value.EnumerateArray())
                {
                    Write(ref writer, item);
                }

                break;
            case JsonValueKind.String:
                writer.Write(value.GetString());
                break;
            case JsonValueKind.Number when value.TryGetInt64(out var integer):
                writer.Write(integer);
                break;
            case JsonValueKind.Number when value.TryGetUInt64(out var unsigned):
                writer.Write(unsigned);
                break;
            case JsonValueKind.Number:
                writer.Write(value.GetDouble());
                break;
            case JsonValueKind.True:
                writer.Write(true);
                break;
            case JsonValueKind.False:
                writer.Write(false);
                break;
            default:
                writer.WriteNil();
                break;
        }
    }

    /// <summary>Writes the next MessagePack value as JSON; map keys that are not strings become their JSON text.</summary>
    public static void ToJson(ref MessagePackReader reader, Utf8JsonWriter writer, MessagePackSerializerOptions options)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                writer.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                writer.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer when reader.NextCode == MessagePackCode.UInt64:
                writer.WriteNumberValue(reader.ReadUInt64());
                break;
            case MessagePackType.Integer:
                writer.WriteNumberValue(reader.ReadInt64());
                break;
            case MessagePackType.Float:
                writer.WriteNumberValue(reader.ReadDouble());
                break;
            case MessagePackType.String:
                writer.WriteStringValue(reader.ReadString());
                break;
            case MessagePackType.Binary:
                writer.WriteBase64StringValue(reader.ReadBytes()!.Value.ToArray());
                break;
            case MessagePackType.Extension when reader.TryReadExtensionFormatHeader(out var header) && header.TypeCode == ReservedMessagePackExtensionTypeCode.DateTime:
                writer.WriteStringValue(reader.ReadDateTime(header));
                break;
            case MessagePackType.Array:
                var length = reader.ReadArrayHeader();
                options.Security.DepthStep(ref reader);
                try
                {
                    writer.WriteStartArray();
                    for (var i = 0; i < length; i++)
                    {
                        ToJson(ref reader, writer, options);
                    }

                    writer.WriteEndArray();
                }
                finally
                {
                    reader.Depth--;
                }

                break;
            case MessagePackType.Map:
                var count = reader.ReadMapHeader();
                options.Security.DepthStep(ref reader);
                try
                {
                    writer.WriteStartObject();
                    for (var i = 0; i < count; i++)
                    {
                        writer.WritePropertyName(KeyOf(ref reader));
                        ToJson(ref reader, writer, options);
                    }

                    writer.WriteEndObject();
                }
                finally
                {
                    reader.Depth--;
                }

                break;
            default:
                throw new MessagePackSerializationException($"Unexpected MessagePack {reader.NextMessagePackType} in a JSON value.");
        }
    }

    private static string KeyOf(ref MessagePackReader reader) => reader.NextMessagePackType switch
    {
        MessagePackType.String => reader.ReadString()!,
        MessagePackType.Integer => reader.ReadInt64().ToString(CultureInfo.InvariantCulture),
        _ => throw new MessagePackSerializationException($"Unexpected MessagePack {reader.NextMessagePackType} as a map key."),
    };
}
