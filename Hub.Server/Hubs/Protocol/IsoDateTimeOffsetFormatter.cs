using System.Globalization;
using System.Text.Json;
using MessagePack;
using MessagePack.Formatters;

namespace KefuHub.Server.Hubs.Protocol;

/// <summary>
/// A <see cref="DateTimeOffset"/> as the ISO-8601 string System.Text.Json writes
/// (<c>2026-11-21T09:30:15.12+08:00</c>: fraction without trailing zeros, offset kept), so a client gets
/// the same string with either protocol. Reads that string, or a MessagePack timestamp (what
/// <c>@msgpack/msgpack</c> writes for a JS <c>Date</c>) as UTC.
/// </summary>
internal sealed class IsoDateTimeOffsetFormatter : IMessagePackFormatter<DateTimeOffset>
{
    public static readonly IsoDateTimeOffsetFormatter Instance = new();

    private const int FractionStart = 20; // "yyyy-MM-ddTHH:mm:ss." is 20 characters.

    public void Serialize(ref MessagePackWriter writer, DateTimeOffset value, MessagePackSerializerOptions options)
    {
        // "O" gives 7 fraction digits; System.Text.Json drops trailing zeros, and the dot when all are.
        Span<byte> text = stackalloc byte[40];
        value.TryFormat(text, out var length, "O", CultureInfo.InvariantCulture);
        var end = FractionStart + 7;
        var last = end;
        while (last > FractionStart && text[last - 1] == '0')
        {
            last--;
        }

        if (last == FractionStart)
        {
            last--;
        }

        text[end..length].CopyTo(text[last..]);
        length = last + length - end;

        // Written through the writer's own span: MessagePackWriter predates scoped span parameters.
        writer.WriteStringHeader(length);
        text[..length].CopyTo(writer.GetSpan(length));
        writer.Advance(length);
    }

    public DateTimeOffset Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.NextMessagePackType == MessagePackType.Extension)
        {
            return new DateTimeOffset(reader.ReadDateTime());
        }

        // Parsed as the JSON protocol parses it.
        var text = reader.ReadString() ?? throw new MessagePackSerializationException("A date cannot be nil.");
        return JsonSerializer.Deserialize<DateTimeOffset>(JsonSerializer.SerializeToUtf8Bytes(text));
    }
}
