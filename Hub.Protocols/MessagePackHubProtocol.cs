using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using KefuHub.Protocols.MessagePack;
using KefuHub.Protocols.Payload;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace KefuHub.Protocols;

/// <summary>
/// The SignalR MessagePack hub protocol ("messagepack", version 2; HubProtocol.md), wire-compatible
/// with <c>@microsoft/signalr-protocol-msgpack</c>. Payloads are shaped by System.Text.Json with the
/// JSON protocol's options, so field names and value forms are the same in both protocols; see
/// docs/protocol.md.
/// </summary>
public sealed partial class MessagePackHubProtocol : IHubProtocol
{
    private const int ProtocolVersion = 2;
    private const int ErrorResult = 1;
    private const int VoidResult = 2;
    private const int NonVoidResult = 3;

    private readonly PayloadSerializer _payload;
    private readonly int _maximumMessageSize;
    private readonly int _maximumDepth;

    /// <summary>A protocol with the default options and the JSON protocol's default payload options.</summary>
    public MessagePackHubProtocol()
        : this(Options.Create(new MessagePackHubProtocolOptions()))
    {
    }

    public MessagePackHubProtocol(IOptions<MessagePackHubProtocolOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var value = options.Value;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value.MaximumMessageSize, "options.MaximumMessageSize");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value.MaximumDepth, "options.MaximumDepth");
        _maximumMessageSize = value.MaximumMessageSize;
        _maximumDepth = value.MaximumDepth;
        _payload = new PayloadSerializer(value.PayloadSerializerOptions ?? new JsonHubProtocolOptions().PayloadSerializerOptions);
    }

    public string Name => "messagepack";

    public int Version => ProtocolVersion;

    public TransferFormat TransferFormat => TransferFormat.Binary;

    /// <summary>Versions 1 and 2: they encode messages alike; 2 adds Ack and Sequence for stateful reconnect.</summary>
    public bool IsVersionSupported(int version) => version is >= 1 and <= ProtocolVersion;

    /// <summary>
    /// Parses the next complete frame. False, consuming nothing, while the frame is incomplete. Frames of
    /// unknown message types are consumed and skipped (the spec's forward compatibility); then the next
    /// frame is tried, and false is returned, with the skipped frames consumed, when none is complete.
    /// </summary>
    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message)
    {
        ArgumentNullException.ThrowIfNull(binder);
        while (VarIntLengthPrefix.TryRead(input, out var length, out var prefixLength))
        {
            if (length > _maximumMessageSize)
            {
                throw new InvalidDataException(
                    $"The message length {length} exceeds the maximum message size of {_maximumMessageSize} bytes.");
            }

            if (input.Length - prefixLength < length)
            {
                break;
            }

            var frame = input.Slice(prefixLength, length);
            message = ParseFrame(frame, binder);
            input = input.Slice(frame.End);
            if (message is not null)
            {
                return true;
            }
        }

        message = null;
        return false;
    }

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var body = WriteBody(message);
        try
        {
            var prefix = output.GetSpan(VarIntLengthPrefix.MaxLength);
            output.Advance(VarIntLengthPrefix.Write(body.WrittenCount, prefix));
            output.Write(body.WrittenSpan);
        }
        finally
        {
            ReturnBody(body);
        }
    }

    /// <summary>The frame with its length prefix, as the backplane forwards it verbatim.</summary>
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message)
    {
        var body = WriteBody(message);
        try
        {
            var bytes = new byte[VarIntLengthPrefix.SizeOf(body.WrittenCount) + body.WrittenCount];
            var prefixLength = VarIntLengthPrefix.Write(body.WrittenCount, bytes);
            body.WrittenSpan.CopyTo(bytes.AsSpan(prefixLength));
            return bytes;
        }
        finally
        {
            ReturnBody(body);
        }
    }

    private HubMessage? ParseFrame(ReadOnlySequence<byte> frame, IInvocationBinder binder)
    {
        if (frame.IsSingleSegment)
        {
            var reader = new MessagePackReader(frame.FirstSpan, _maximumDepth);
            return ParseMessage(ref reader, binder);
        }

        // A frame split across transport reads: parse a contiguous copy (bounded by the size limit).
        var copy = ArrayPool<byte>.Shared.Rent((int)frame.Length);
        try
        {
            frame.CopyTo(copy);
            var reader = new MessagePackReader(copy.AsSpan(0, (int)frame.Length), _maximumDepth);
            return ParseMessage(ref reader, binder);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
}
