using System.Buffers;
using System.Globalization;
using System.Text.Json;
using KefuHub.Protocols.MessagePack;

namespace KefuHub.Protocols.Payload;

/// <summary>
/// Converts one value between UTF-8 JSON (as System.Text.Json writes and reads it) and MessagePack,
/// token by token, without building a document. This keeps System.Text.Json (its naming policy,
/// converters and attributes) the only authority on how a payload looks, in both hub protocols.
/// </summary>
internal static class JsonMessagePackTranscoder
{
    private const int StackCopyLimit = 256;

    /// <summary>Writes the JSON value at <paramref name="reader"/>'s current token as MessagePack.</summary>
    public static void ToMessagePack(ref Utf8JsonReader reader, ref MessagePackWriter writer)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                writer.WriteMapHeader(CountItems(reader));
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    WriteString(ref reader, ref writer);
                    reader.Read();
                    ToMessagePack(ref reader, ref writer);
                }

                break;
            case JsonTokenType.StartArray:
                writer.WriteArrayHeader(CountItems(reader));
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    ToMessagePack(ref reader, ref writer);
                }

                break;
            case JsonTokenType.String:
                WriteString(ref reader, ref writer);
                break;
            case JsonTokenType.Number:
                if (reader.TryGetInt64(out var signed))
                {
                    writer.WriteInt64(signed);
                }
                else if (reader.TryGetUInt64(out var unsigned))
                {
                    writer.WriteUInt64(unsigned);
                }
                else
                {
                    writer.WriteDouble(reader.GetDouble());
                }

                break;
            case JsonTokenType.True:
                writer.WriteBoolean(true);
                break;
            case JsonTokenType.False:
                writer.WriteBoolean(false);
                break;
            case JsonTokenType.Null:
                writer.WriteNil();
                break;
            default:
                throw new InvalidOperationException($"Unexpected JSON token {reader.TokenType} from the serializer.");
        }
    }

    /// <summary>
    /// Writes the MessagePack value at <paramref name="reader"/> as JSON. A timestamp becomes the
    /// ISO-8601 string System.Text.Json reads as DateTime/DateTimeOffset; bin becomes base64, as
    /// System.Text.Json writes byte[].
    /// </summary>
    public static void ToJson(ref MessagePackReader reader, Utf8JsonWriter writer)
    {
        switch (reader.PeekType())
        {
            case MessagePackType.Nil:
                reader.TryReadNil();
                writer.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                writer.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                var integer = reader.ReadInteger();
                if (integer >= long.MinValue && integer <= long.MaxValue)
                {
                    writer.WriteNumberValue((long)integer);
                }
                else
                {
                    writer.WriteNumberValue((ulong)integer);
                }

                break;
            case MessagePackType.Float:
                WriteFloat(ref reader, writer);
                break;
            case MessagePackType.String:
                writer.WriteStringValue(reader.ReadStringBytes());
                break;
            case MessagePackType.Binary:
                writer.WriteBase64StringValue(reader.ReadBinary());
                break;
            case MessagePackType.Extension:
                writer.WriteStringValue(reader.ReadTimestamp());
                break;
            case MessagePackType.Array:
                reader.EnterNested();
                writer.WriteStartArray();
                for (var count = reader.ReadArrayHeader(); count > 0; count--)
                {
                    ToJson(ref reader, writer);
                }

                writer.WriteEndArray();
                reader.ExitNested();
                break;
            case MessagePackType.Map:
                reader.EnterNested();
                writer.WriteStartObject();
                for (var count = reader.ReadMapHeader(); count > 0; count--)
                {
                    WritePropertyName(ref reader, writer);
                    ToJson(ref reader, writer);
                }

                writer.WriteEndObject();
                reader.ExitNested();
                break;
        }
    }

    private static void WriteFloat(ref MessagePackReader reader, Utf8JsonWriter writer)
    {
        // float32 goes through the float overload so that 1.1f reads back as "1.1", not its double expansion.
        if (reader.PeekCode() == MessagePackCode.Float32)
        {
            var single = reader.ReadSingle();
            if (float.IsFinite(single))
            {
                writer.WriteNumberValue(single);
                return;
            }

            WriteNonFinite(single, writer);
            return;
        }

        var value = reader.ReadDouble();
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteNonFinite(value, writer);
        }
    }

    // JSON has no NaN or infinities; System.Text.Json reads these names when the options allow named
    // floating-point literals, and otherwise the binding fails as it would for the JSON protocol.
    // (The invariant culture spells them "NaN", "Infinity" and "-Infinity".)
    private static void WriteNonFinite(double value, Utf8JsonWriter writer) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));

    private static void WritePropertyName(ref MessagePackReader reader, Utf8JsonWriter writer)
    {
        // Keys are strings for objects; integer keys are what a dictionary keyed by numbers looks like.
        if (reader.PeekType() == MessagePackType.Integer)
        {
            writer.WritePropertyName(reader.ReadInteger().ToString(CultureInfo.InvariantCulture));
            return;
        }

        var offset = reader.Position;
        if (reader.PeekType() != MessagePackType.String)
        {
            throw new InvalidDataException($"MessagePack map key at offset {offset} is a {reader.PeekType()}; only string and integer keys map to payload fields.");
        }

        writer.WritePropertyName(reader.ReadStringBytes());
    }

    private static void WriteString(ref Utf8JsonReader reader, ref MessagePackWriter writer)
    {
        if (!reader.ValueIsEscaped)
        {
            writer.WriteString(reader.ValueSpan);
            return;
        }

        byte[]? rented = null;
        var buffer = reader.ValueSpan.Length <= StackCopyLimit
            ? stackalloc byte[StackCopyLimit]
            : (rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length));
        try
        {
            var length = reader.CopyString(buffer);
            writer.WriteString(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Properties of the object, or elements of the array, that starts at the reader's token.</summary>
    private static int CountItems(Utf8JsonReader reader)
    {
        // The reader is a copy: scanning ahead does not move the caller's position.
        var count = 0;
        while (reader.Read() && reader.TokenType is not (JsonTokenType.EndObject or JsonTokenType.EndArray))
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                reader.Read();
            }

            count++;
            reader.Skip();
        }

        return count;
    }
}
