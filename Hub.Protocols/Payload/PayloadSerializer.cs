using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KefuHub.Protocols.MessagePack;

namespace KefuHub.Protocols.Payload;

/// <summary>
/// Hub arguments, stream items and results as MessagePack, shaped exactly as the JSON protocol
/// shapes them: System.Text.Json's contracts (<see cref="JsonTypeInfo"/>) for the same
/// <see cref="JsonSerializerOptions"/> decide the field names and value forms. Common shapes are
/// written and read directly from those contracts (<see cref="PayloadType"/>); anything else goes
/// through System.Text.Json and <see cref="JsonMessagePackTranscoder"/>.
/// </summary>
internal sealed partial class PayloadSerializer
{
    // Buffers larger than this are not kept for the thread after a big payload.
    private const int RetainedBufferLimit = 64 * 1024;

    // The JSON is only an intermediate form: no escaping beyond what JSON requires, no validation.
    private static readonly JsonWriterOptions IntermediateJson = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private readonly ConcurrentDictionary<Type, PayloadType> _types = new();

    // False for options that change how every value is written or read: the direct path stands aside.
    // (Reading numbers from strings, or named floating-point literals, it leaves to the per-value fallback.)
    private readonly bool _direct;

    public PayloadSerializer(JsonSerializerOptions options)
    {
        // What the serializer does on first use anyway; GetTypeInfo needs it done up front.
        options.MakeReadOnly(populateMissingResolver: true);
        Options = options;
        _direct = (options.NumberHandling & JsonNumberHandling.WriteAsString) == 0 && options is
        {
            ReferenceHandler: null,
            DefaultIgnoreCondition: JsonIgnoreCondition.Never,
            IgnoreReadOnlyProperties: false,
            IgnoreReadOnlyFields: false,
            DictionaryKeyPolicy: null,
            UnmappedMemberHandling: JsonUnmappedMemberHandling.Skip,
            PreferredObjectCreationHandling: JsonObjectCreationHandling.Replace,
            AllowDuplicateProperties: true,
            RespectNullableAnnotations: false,
            RespectRequiredConstructorParameters: false,
        };
    }

    public JsonSerializerOptions Options { get; }

    public void Serialize(ref MessagePackWriter writer, object value) => Write(ref writer, value, GetPayloadType(value.GetType()));

    public object? Deserialize(ref MessagePackReader reader, Type type) => Read(ref reader, GetPayloadType(type));

    /// <summary>The plan of <paramref name="type"/>; <see cref="Nullable{T}"/> shares T's contract.</summary>
    public PayloadType GetPayloadType(Type type) => _types.GetOrAdd(type, static (type, self) =>
    {
        var typeInfo = self.Options.GetTypeInfo(type);
        if (Nullable.GetUnderlyingType(type) is { } underlying
            && typeInfo.Converter.GetType() == JsonSerializerOptions.Default.GetTypeInfo(type).Converter.GetType())
        {
            return new PayloadType(self.Options.GetTypeInfo(underlying), canBeNull: true, self._direct);
        }

        return new PayloadType(typeInfo, canBeNull: !type.IsValueType, self._direct);
    }, this);

    /// <summary>Serializes with System.Text.Json and transcodes the JSON.</summary>
    private static void WriteThroughJson(ref MessagePackWriter writer, object? value, JsonTypeInfo typeInfo)
    {
        var json = RentJsonWriter(out var buffer);
        try
        {
            JsonSerializer.Serialize(json, value, typeInfo);
            json.Flush();
            var reader = new Utf8JsonReader(buffer.WrittenSpan);
            reader.Read();
            JsonMessagePackTranscoder.ToMessagePack(ref reader, ref writer);
        }
        finally
        {
            Return(json, buffer);
        }
    }

    /// <summary>Transcodes the value to JSON and deserializes that with System.Text.Json.</summary>
    private static object? ReadThroughJson(ref MessagePackReader reader, JsonTypeInfo typeInfo)
    {
        var json = RentJsonWriter(out var buffer);
        try
        {
            JsonMessagePackTranscoder.ToJson(ref reader, json);
            json.Flush();
            return JsonSerializer.Deserialize(buffer.WrittenSpan, typeInfo);
        }
        finally
        {
            Return(json, buffer);
        }
    }

    private static Utf8JsonWriter RentJsonWriter(out ArrayBufferWriter<byte> buffer)
    {
        buffer = t_buffer ?? new ArrayBufferWriter<byte>();
        t_buffer = null;
        var writer = t_writer ?? new Utf8JsonWriter(buffer, IntermediateJson);
        t_writer = null;
        writer.Reset(buffer);
        return writer;
    }

    private static void Return(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer)
    {
        if (buffer.Capacity > RetainedBufferLimit)
        {
            return;
        }

        buffer.ResetWrittenCount();
        t_buffer = buffer;
        t_writer = writer;
    }
}
