using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace KefuHub.Protocols.MessagePack;

/// <summary>Writes MessagePack in its most compact form for each value (smallest int and length codes).</summary>
internal readonly ref struct MessagePackWriter(IBufferWriter<byte> output)
{
    private readonly IBufferWriter<byte> _output = output;

    public void WriteNil() => WriteCode(MessagePackCode.Nil);

    public void WriteBoolean(bool value) => WriteCode(value ? MessagePackCode.True : MessagePackCode.False);

    public void WriteInt64(long value)
    {
        if (value >= 0)
        {
            WriteUInt64((ulong)value);
        }
        else if (value >= -32)
        {
            WriteCode(unchecked((byte)value));
        }
        else if (value >= sbyte.MinValue)
        {
            var span = _output.GetSpan(2);
            span[0] = MessagePackCode.Int8;
            span[1] = unchecked((byte)value);
            _output.Advance(2);
        }
        else if (value >= short.MinValue)
        {
            var span = _output.GetSpan(3);
            span[0] = MessagePackCode.Int16;
            BinaryPrimitives.WriteInt16BigEndian(span[1..], (short)value);
            _output.Advance(3);
        }
        else if (value >= int.MinValue)
        {
            var span = _output.GetSpan(5);
            span[0] = MessagePackCode.Int32;
            BinaryPrimitives.WriteInt32BigEndian(span[1..], (int)value);
            _output.Advance(5);
        }
        else
        {
            var span = _output.GetSpan(9);
            span[0] = MessagePackCode.Int64;
            BinaryPrimitives.WriteInt64BigEndian(span[1..], value);
            _output.Advance(9);
        }
    }

    public void WriteUInt64(ulong value)
    {
        if (value <= MessagePackCode.MaxPositiveFixInt)
        {
            WriteCode((byte)value);
        }
        else if (value <= byte.MaxValue)
        {
            var span = _output.GetSpan(2);
            span[0] = MessagePackCode.UInt8;
            span[1] = (byte)value;
            _output.Advance(2);
        }
        else if (value <= ushort.MaxValue)
        {
            WriteHeader16(MessagePackCode.UInt16, (ushort)value);
        }
        else if (value <= uint.MaxValue)
        {
            WriteHeader32(MessagePackCode.UInt32, (uint)value);
        }
        else
        {
            var span = _output.GetSpan(9);
            span[0] = MessagePackCode.UInt64;
            BinaryPrimitives.WriteUInt64BigEndian(span[1..], value);
            _output.Advance(9);
        }
    }

    public void WriteSingle(float value)
    {
        var span = _output.GetSpan(5);
        span[0] = MessagePackCode.Float32;
        BinaryPrimitives.WriteSingleBigEndian(span[1..], value);
        _output.Advance(5);
    }

    public void WriteDouble(double value)
    {
        var span = _output.GetSpan(9);
        span[0] = MessagePackCode.Float64;
        BinaryPrimitives.WriteDoubleBigEndian(span[1..], value);
        _output.Advance(9);
    }

    public void WriteString(string value)
    {
        // Short strings: reserve a fixstr header for the worst case (3 UTF-8 bytes per UTF-16 unit)
        // and encode once; longer ones count first, which is vectorized and cheap.
        if (value.Length <= 10)
        {
            var span = _output.GetSpan(1 + (value.Length * 3));
            var written = Encoding.UTF8.GetBytes(value, span[1..]);
            span[0] = (byte)(MessagePackCode.MinFixStr | written);
            _output.Advance(1 + written);
            return;
        }

        var length = Encoding.UTF8.GetByteCount(value);
        WriteStringHeader(length);
        var body = _output.GetSpan(length);
        Encoding.UTF8.GetBytes(value, body);
        _output.Advance(length);
    }

    public void WriteString(ReadOnlySpan<byte> utf8)
    {
        WriteStringHeader(utf8.Length);
        WriteRaw(utf8);
    }

    public void WriteBinary(ReadOnlySpan<byte> bytes)
    {
        switch (bytes.Length)
        {
            case <= byte.MaxValue:
                var span = _output.GetSpan(2);
                span[0] = MessagePackCode.Bin8;
                span[1] = (byte)bytes.Length;
                _output.Advance(2);
                break;
            case <= ushort.MaxValue:
                WriteHeader16(MessagePackCode.Bin16, (ushort)bytes.Length);
                break;
            default:
                WriteHeader32(MessagePackCode.Bin32, (uint)bytes.Length);
                break;
        }

        WriteRaw(bytes);
    }

    public void WriteArrayHeader(int count) =>
        WriteCollectionHeader(count, MessagePackCode.MinFixArray, MessagePackCode.Array16, MessagePackCode.Array32);

    public void WriteMapHeader(int count) =>
        WriteCollectionHeader(count, MessagePackCode.MinFixMap, MessagePackCode.Map16, MessagePackCode.Map32);

    /// <summary>Bytes that already are MessagePack (a forwarded raw result).</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        var span = _output.GetSpan(bytes.Length);
        bytes.CopyTo(span);
        _output.Advance(bytes.Length);
    }

    private void WriteCollectionHeader(int count, byte fixCode, byte code16, byte code32)
    {
        switch (count)
        {
            case <= 15:
                WriteCode((byte)(fixCode | count));
                break;
            case <= ushort.MaxValue:
                WriteHeader16(code16, (ushort)count);
                break;
            default:
                WriteHeader32(code32, (uint)count);
                break;
        }
    }

    private void WriteStringHeader(int length)
    {
        switch (length)
        {
            case <= 31:
                WriteCode((byte)(MessagePackCode.MinFixStr | length));
                break;
            case <= byte.MaxValue:
                var span = _output.GetSpan(2);
                span[0] = MessagePackCode.Str8;
                span[1] = (byte)length;
                _output.Advance(2);
                break;
            case <= ushort.MaxValue:
                WriteHeader16(MessagePackCode.Str16, (ushort)length);
                break;
            default:
                WriteHeader32(MessagePackCode.Str32, (uint)length);
                break;
        }
    }

    private void WriteCode(byte code)
    {
        _output.GetSpan(1)[0] = code;
        _output.Advance(1);
    }

    private void WriteHeader16(byte code, ushort value)
    {
        var span = _output.GetSpan(3);
        span[0] = code;
        BinaryPrimitives.WriteUInt16BigEndian(span[1..], value);
        _output.Advance(3);
    }

    private void WriteHeader32(byte code, uint value)
    {
        var span = _output.GetSpan(5);
        span[0] = code;
        BinaryPrimitives.WriteUInt32BigEndian(span[1..], value);
        _output.Advance(5);
    }
}
