using System.Buffers;

namespace KefuHub.Protocols.MessagePack;

/// <summary>
/// The binary framing of SignalR hub protocols: each message is preceded by its length as a
/// little-endian base-128 varint of 1 to 5 bytes, at most 0x7FFFFFFF (HubProtocol.md, "Binary encoding").
/// </summary>
internal static class VarIntLengthPrefix
{
    public const int MaxLength = 5;

    /// <summary>
    /// Reads the prefix at the start of <paramref name="input"/>. False when it is incomplete; throws
    /// <see cref="InvalidDataException"/> when it is longer than 5 bytes or above 0x7FFFFFFF.
    /// </summary>
    public static bool TryRead(in ReadOnlySequence<byte> input, out int length, out int prefixLength)
    {
        length = 0;
        prefixLength = 0;
        Span<byte> head = stackalloc byte[MaxLength];
        var available = (int)Math.Min(input.Length, MaxLength);
        input.Slice(0, available).CopyTo(head);

        uint value = 0;
        for (var i = 0; i < available; i++)
        {
            var b = head[i];
            if (i == MaxLength - 1 && b > 0x07)
            {
                throw new InvalidDataException(
                    (b & 0x80) != 0
                        ? "Messages over 5 length-prefix bytes are not supported: the varint length prefix has more than 5 bytes."
                        : "The varint length prefix declares more than 2147483647 bytes.");
            }

            value |= (uint)(b & 0x7f) << (7 * i);
            if ((b & 0x80) == 0)
            {
                length = (int)value;
                prefixLength = i + 1;
                return true;
            }
        }

        return false;
    }

    public static int SizeOf(int length)
    {
        var size = 1;
        for (var value = (uint)length; value > 0x7f; value >>= 7)
        {
            size++;
        }

        return size;
    }

    public static int Write(int length, Span<byte> destination)
    {
        var value = (uint)length;
        var i = 0;
        while (value > 0x7f)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }
}
