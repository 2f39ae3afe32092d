using System.Buffers;
using KefuHub.Protocols;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace KefuHub.Tests.Protocols;

/// <summary>Helpers to frame, write and parse hub messages in tests.</summary>
internal static class ProtocolFrames
{
    /// <summary>Prefixes <paramref name="body"/> with its varint length.</summary>
    public static byte[] Frame(params byte[] body)
    {
        var prefix = new List<byte>();
        var length = (uint)body.Length;
        do
        {
            var b = (byte)(length & 0x7f);
            length >>= 7;
            prefix.Add(length > 0 ? (byte)(b | 0x80) : b);
        }
        while (length > 0);
        return [.. prefix, .. body];
    }

    public static byte[] Write(IHubProtocol protocol, HubMessage message)
    {
        var output = new ArrayBufferWriter<byte>();
        protocol.WriteMessage(message, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Parses exactly one message from <paramref name="frame"/>, which it must consume whole.</summary>
    public static HubMessage ParseOne(IHubProtocol protocol, byte[] frame, IInvocationBinder? binder = null)
    {
        var input = new ReadOnlySequence<byte>(frame);
        Assert.True(protocol.TryParseMessage(ref input, binder ?? TestBinder.Spec, out var message), "No message parsed.");
        Assert.True(input.IsEmpty, $"{input.Length} byte(s) left unparsed.");
        return message;
    }

    /// <summary>The same bytes as a sequence of one-byte segments, the worst split a transport can produce.</summary>
    public static ReadOnlySequence<byte> Fragmented(byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(bytes.AsMemory(0, 1), 0);
        var last = first;
        for (var i = 1; i < bytes.Length; i++)
        {
            last = last.Append(bytes.AsMemory(i, 1));
        }

        return new ReadOnlySequence<byte>(first, 0, last, 1);
    }

    public static MessagePackHubProtocol Protocol(Action<MessagePackHubProtocolOptions>? configure = null)
    {
        var options = new MessagePackHubProtocolOptions();
        configure?.Invoke(options);
        return new MessagePackHubProtocol(Microsoft.Extensions.Options.Options.Create(options));
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
