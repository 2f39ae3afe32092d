using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace KefuHub.Protocols.MessagePack;

/// <summary>
/// Reads MessagePack from one complete frame. Every declared length is checked against the bytes
/// that remain before anything is sliced or allocated, so a frame that claims a 4 GB string or a
/// billion-element array fails at once instead of growing memory. Malformed input throws
/// <see cref="InvalidDataException"/>.
/// </summary>
internal ref struct MessagePackReader
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly int _maxDepth;
    private int _position;
    private int _depth;

    public MessagePackReader(ReadOnlySpan<byte> buffer, int maxDepth)
    {
        _buffer = buffer;
        _maxDepth = maxDepth;
    }

    public readonly int Position => _position;

    public readonly bool End => _position >= _buffer.Length;

    private readonly int Remaining => _buffer.Length - _position;

    public readonly MessagePackType PeekType()
    {
        var code = PeekCode();
        return code switch
        {
            <= MessagePackCode.MaxPositiveFixInt or >= MessagePackCode.MinNegativeFixInt => MessagePackType.Integer,
            <= MessagePackCode.MaxFixMap => MessagePackType.Map,
            <= MessagePackCode.MaxFixArray => MessagePackType.Array,
            <= MessagePackCode.MaxFixStr => MessagePackType.String,
            MessagePackCode.Nil => MessagePackType.Nil,
            MessagePackCode.False or MessagePackCode.True => MessagePackType.Boolean,
            MessagePackCode.Bin8 or MessagePackCode.Bin16 or MessagePackCode.Bin32 => MessagePackType.Binary,
            MessagePackCode.Ext8 or MessagePackCode.Ext16 or MessagePackCode.Ext32 => MessagePackType.Extension,
            >= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16 => MessagePackType.Extension,
            MessagePackCode.Float32 or MessagePackCode.Float64 => MessagePackType.Float,
            >= MessagePackCode.UInt8 and <= MessagePackCode.Int64 => MessagePackType.Integer,
            MessagePackCode.Str8 or MessagePackCode.Str16 or MessagePackCode.Str32 => MessagePackType.String,
            MessagePackCode.Array16 or MessagePackCode.Array32 => MessagePackType.Array,
            MessagePackCode.Map16 or MessagePackCode.Map32 => MessagePackType.Map,
            _ => throw Unexpected(code, "a MessagePack value"),
        };
    }

    public readonly byte PeekCode() =>
        _position < _buffer.Length ? _buffer[_position] : throw PastEnd(1, "value");

    public bool TryReadNil()
    {
        if (PeekCode() != MessagePackCode.Nil)
        {
            return false;
        }

        _position++;
        return true;
    }

    public bool ReadBoolean() => ReadCode() switch
    {
        MessagePackCode.True => true,
        MessagePackCode.False => false,
        var code => throw Unexpected(code, "a boolean", _position - 1),
    };

    /// <summary>Any MessagePack integer; <see cref="Int128"/> holds both int64 and uint64 without loss.</summary>
    public Int128 ReadInteger()
    {
        var code = ReadCode();
        return code switch
        {
            <= MessagePackCode.MaxPositiveFixInt => code,
            >= MessagePackCode.MinNegativeFixInt => (sbyte)code,
            MessagePackCode.UInt8 => ReadBytes(1, "uint8")[0],
            MessagePackCode.UInt16 => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2, "uint16")),
            MessagePackCode.UInt32 => BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4, "uint32")),
            MessagePackCode.UInt64 => BinaryPrimitives.ReadUInt64BigEndian(ReadBytes(8, "uint64")),
            MessagePackCode.Int8 => (sbyte)ReadBytes(1, "int8")[0],
            MessagePackCode.Int16 => BinaryPrimitives.ReadInt16BigEndian(ReadBytes(2, "int16")),
            MessagePackCode.Int32 => BinaryPrimitives.ReadInt32BigEndian(ReadBytes(4, "int32")),
            MessagePackCode.Int64 => BinaryPrimitives.ReadInt64BigEndian(ReadBytes(8, "int64")),
            _ => throw Unexpected(code, "an integer", _position - 1),
        };
    }

    public int ReadInt32()
    {
        var start = _position;
        var value = ReadInteger();
        return value >= int.MinValue && value <= int.MaxValue
            ? (int)value
            : throw new InvalidDataException($"MessagePack integer {value} at offset {start} does not fit in Int32.");
    }

    public long ReadInt64()
    {
        var start = _position;
        var value = ReadInteger();
        return value >= long.MinValue && value <= long.MaxValue
            ? (long)value
            : throw new InvalidDataException($"MessagePack integer {value} at offset {start} does not fit in Int64.");
    }

    /// <summary>A float32 as itself; callers widen it if they need to.</summary>
    public float ReadSingle()
    {
        var code = ReadCode();
        return code == MessagePackCode.Float32
            ? BinaryPrimitives.ReadSingleBigEndian(ReadBytes(4, "float32"))
            : throw Unexpected(code, "a float32", _position - 1);
    }

    public double ReadDouble()
    {
        var code = PeekCode();
        switch (code)
        {
            case MessagePackCode.Float64:
                _position++;
                return BinaryPrimitives.ReadDoubleBigEndian(ReadBytes(8, "float64"));
            case MessagePackCode.Float32:
                return ReadSingle();
            default:
                return (double)ReadInteger();
        }
    }

    /// <summary>A str value as UTF-8 bytes, checked to be valid UTF-8.</summary>
    public ReadOnlySpan<byte> ReadStringBytes()
    {
        var start = _position;
        var code = ReadCode();
        int length = code switch
        {
            >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr => code & 0x1f,
            MessagePackCode.Str8 => ReadBytes(1, "str8 length")[0],
            MessagePackCode.Str16 => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2, "str16 length")),
            MessagePackCode.Str32 => ReadLength32("str32 length"),
            _ => throw Unexpected(code, "a string", start),
        };
        var bytes = ReadBytes(length, "string");
        return Utf8.IsValid(bytes)
            ? bytes
            : throw new InvalidDataException($"MessagePack string at offset {start} is not valid UTF-8.");
    }

    /// <summary>A str value, or null for nil.</summary>
    public string? ReadString() => TryReadNil() ? null : Encoding.UTF8.GetString(ReadStringBytes());

    public ReadOnlySpan<byte> ReadBinary()
    {
        var code = ReadCode();
        int length = code switch
        {
            MessagePackCode.Bin8 => ReadBytes(1, "bin8 length")[0],
            MessagePackCode.Bin16 => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2, "bin16 length")),
            MessagePackCode.Bin32 => ReadLength32("bin32 length"),
            _ => throw Unexpected(code, "binary", _position - 1),
        };
        return ReadBytes(length, "binary");
    }

    /// <summary>An extension value: its type code, and its data in <paramref name="data"/>.</summary>
    public sbyte ReadExtension(out ReadOnlySpan<byte> data)
    {
        var code = ReadCode();
        int length = code switch
        {
            MessagePackCode.FixExt1 => 1,
            MessagePackCode.FixExt2 => 2,
            MessagePackCode.FixExt4 => 4,
            MessagePackCode.FixExt8 => 8,
            MessagePackCode.FixExt16 => 16,
            MessagePackCode.Ext8 => ReadBytes(1, "ext8 length")[0],
            MessagePackCode.Ext16 => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2, "ext16 length")),
            MessagePackCode.Ext32 => ReadLength32("ext32 length"),
            _ => throw Unexpected(code, "an extension", _position - 1),
        };
        var type = (sbyte)ReadBytes(1, "extension type")[0];
        data = ReadBytes(length, "extension data");
        return type;
    }

    /// <summary>The msgpack timestamp extension (type -1) in its 32, 64 and 96-bit forms.</summary>
    public DateTimeOffset ReadTimestamp()
    {
        var start = _position;
        var type = ReadExtension(out var data);
        if (type != MessagePackCode.TimestampExtension)
        {
            throw new InvalidDataException($"MessagePack extension type {type} at offset {start} is not a timestamp (-1).");
        }

        long seconds;
        uint nanoseconds;
        switch (data.Length)
        {
            case 4:
                seconds = BinaryPrimitives.ReadUInt32BigEndian(data);
                nanoseconds = 0;
                break;
            case 8:
                var packed = BinaryPrimitives.ReadUInt64BigEndian(data);
                nanoseconds = (uint)(packed >> 34);
                seconds = (long)(packed & 0x3_ffff_ffffUL);
                break;
            case 12:
                nanoseconds = BinaryPrimitives.ReadUInt32BigEndian(data);
                seconds = BinaryPrimitives.ReadInt64BigEndian(data[4..]);
                break;
            default:
                throw new InvalidDataException($"MessagePack timestamp at offset {start} has {data.Length} data bytes; 4, 8 or 12 expected.");
        }

        // The last second of year 9999 has no room for more ticks, so the upper bound is exclusive.
        if (nanoseconds > 999_999_999
            || seconds < DateTimeOffset.MinValue.ToUnixTimeSeconds()
            || seconds >= DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw new InvalidDataException($"MessagePack timestamp at offset {start} is outside the range of DateTimeOffset.");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanoseconds / 100);
    }

    /// <summary>An array header; the count is at most the bytes left, since every element takes one.</summary>
    public int ReadArrayHeader()
    {
        var start = _position;
        var code = ReadCode();
        long count = code switch
        {
            >= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray => code & 0x0f,
            MessagePackCode.Array16 => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2, "array16 length")),
            MessagePackCode.Array32 => BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4, "array32 length")),
            _ => throw Unexpected(code, "an array", start),
        };
        return count <= Remaining
            ? (int)count
            : throw new InvalidDataException($"MessagePack array at offset {start} declares {count} elements but only {Remaining} bytes remain.");
    }

    /// <summary>A map header; the count is at most half the bytes left, since every entry takes two.</summary>
    public int ReadMapHeader()
    {
        var start = _position;
        var code = ReadCode();
        long count = code switch
        {
            >= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap => code & 0x0f,
            MessagePackCode.Map16 => BinaryPrimitives.ReadUInt16BigEndian(ReadBytes(2, "map16 length")),
            MessagePackCode.Map32 => BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4, "map32 length")),
            _ => throw Unexpected(code, "a map", start),
        };
        return count * 2 <= Remaining
            ? (int)count
            : throw new InvalidDataException($"MessagePack map at offset {start} declares {count} entries but only {Remaining} bytes remain.");
    }

    /// <summary>Counts one more level of array or map nesting; throws beyond the configured depth.</summary>
    public void EnterNested()
    {
        if (++_depth > _maxDepth)
        {
            throw new InvalidDataException($"MessagePack nesting at offset {_position} exceeds the maximum depth of {_maxDepth}.");
        }
    }

    public void ExitNested() => _depth--;

    public void Skip()
    {
        switch (PeekType())
        {
            case MessagePackType.Nil:
            case MessagePackType.Boolean:
                _position++;
                break;
            case MessagePackType.Integer:
                ReadInteger();
                break;
            case MessagePackType.Float:
                ReadDouble();
                break;
            case MessagePackType.String:
                ReadStringBytes();
                break;
            case MessagePackType.Binary:
                ReadBinary();
                break;
            case MessagePackType.Extension:
                ReadExtension(out _);
                break;
            case MessagePackType.Array:
                EnterNested();
                for (var count = ReadArrayHeader(); count > 0; count--)
                {
                    Skip();
                }

                ExitNested();
                break;
            case MessagePackType.Map:
                EnterNested();
                for (var count = ReadMapHeader() * 2; count > 0; count--)
                {
                    Skip();
                }

                ExitNested();
                break;
        }
    }

    /// <summary>The bytes of the next value, whatever it is.</summary>
    public ReadOnlySpan<byte> ReadRaw()
    {
        var start = _position;
        Skip();
        return _buffer[start.._position];
    }

    private byte ReadCode()
    {
        var code = PeekCode();
        _position++;
        return code;
    }

    private int ReadLength32(string what)
    {
        var length = BinaryPrimitives.ReadUInt32BigEndian(ReadBytes(4, what));
        return length <= (uint)Remaining
            ? (int)length
            : throw PastEnd(length, what);
    }

    private ReadOnlySpan<byte> ReadBytes(int length, string what)
    {
        if (length > Remaining)
        {
            throw PastEnd(length, what);
        }

        var bytes = _buffer.Slice(_position, length);
        _position += length;
        return bytes;
    }

    private readonly InvalidDataException PastEnd(long length, string what) =>
        new($"MessagePack {what} of {length} byte(s) at offset {_position} runs past the end of the message.");

    private readonly InvalidDataException Unexpected(byte code, string expected) => Unexpected(code, expected, _position);

    private static InvalidDataException Unexpected(byte code, string expected, int offset) =>
        new($"Expected {expected} at offset {offset.ToString(CultureInfo.InvariantCulture)} but found MessagePack code 0x{code:x2}.");
}
