using System.Buffers;
using KefuHub.Server.Hubs.Protocol;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace KefuHub.Tests.Protocols;

/// <summary>Helpers to frame, write and parse hub messages in tests.</summary>
internal static class ProtocolFrames
{
    /// <summary>Prefixes <paramref name="body"/> with its varint length.</summary>
    public static byte[] Frame(params byte[] body) => [.. LengthPrefix(body.Length), .. body];

    /// <summary>The varint length prefix of HubProtocol.md: 7 bits a byte, low bits first.</summary>
    public static byte[] LengthPrefix(int length)
    {
        var prefix = new List<byte>();
        var rest = (uint)length;
        do
        {
            var b = (byte)(rest & 0x7f);
            rest >>= 7;
            prefix.Add(rest > 0 ? (byte)(b | 0x80) : b);
        }
        while (rest > 0);
        return [.. prefix];
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

    /// <summary>The official "messagepack" protocol as the hubs configure it (payloads shaped by the JSON protocol's default options).</summary>
    public static MessagePackHubProtocol Protocol() => new(Microsoft.Extensions.Options.Options.Create(new MessagePackHubProtocolOptions
    {
        SerializerOptions = KefuMessagePackSerializerOptions.Create(new JsonHubProtocolOptions().PayloadSerializerOptions),
    }));

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
