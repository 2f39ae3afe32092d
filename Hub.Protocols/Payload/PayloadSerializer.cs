using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using KefuHub.Protocols.MessagePack;

namespace KefuHub.Protocols.Payload;

/// <summary>
/// Hub arguments, stream items and results as MessagePack, shaped exactly as the JSON protocol
/// shapes them: System.Text.Json with the same <see cref="JsonSerializerOptions"/> decides the field
/// names and value forms, and <see cref="JsonMessagePackTranscoder"/> carries them across.
/// </summary>
internal sealed class PayloadSerializer
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

    public PayloadSerializer(JsonSerializerOptions options)
    {
        // What the serializer does on first use anyway; GetTypeInfo needs it done up front.
        options.MakeReadOnly(populateMissingResolver: true);
        Options = options;
    }

    public JsonSerializerOptions Options { get; }

    public void Serialize(ref MessagePackWriter writer, object value)
    {
        var json = RentJsonWriter(out var buffer);
        try
        {
            JsonSerializer.Serialize(json, value, Options.GetTypeInfo(value.GetType()));
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

    public object? Deserialize(ref MessagePackReader reader, Type type)
    {
        var json = RentJsonWriter(out var buffer);
        try
        {
            JsonMessagePackTranscoder.ToJson(ref reader, json);
            json.Flush();
            return JsonSerializer.Deserialize(buffer.WrittenSpan, Options.GetTypeInfo(type));
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
