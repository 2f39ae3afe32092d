using Microsoft.AspNetCore.SignalR.Protocol;
using static KefuHub.Tests.Protocols.ProtocolFrames;

namespace KefuHub.Tests.Protocols;

/// <summary>The byte examples of HubProtocol.md's MessagePack section, parsed and written by the official protocol as the hubs configure it.</summary>
public sealed class MessagePackSpecVectorTests
{
    private static readonly byte[] Xyz = [0xa3, 0x78, 0x79, 0x7a];
    private static readonly byte[] Method = [0xa6, 0x6d, 0x65, 0x74, 0x68, 0x6f, 0x64];

    /// <summary>Spec payload, the message it means, and whether our writer produces exactly those bytes.</summary>
    private static readonly Dictionary<string, (byte[] Body, HubMessage Message, bool WrittenAlike)> Vectors = new()
    {
        ["Invocation"] = ([0x96, 0x01, 0x80, .. Xyz, .. Method, 0x91, 0x2a, 0x90], new InvocationMessage("xyz", "method", [42]), true),
        ["NonBlockingInvocation"] = ([0x96, 0x01, 0x80, 0xc0, .. Method, 0x91, 0x2a, 0x90], new InvocationMessage(null, "method", [42]), true),
        ["StreamInvocation"] = ([0x96, 0x04, 0x80, .. Xyz, .. Method, 0x91, 0x2a, 0x90], new StreamInvocationMessage("xyz", "method", [42]), true),
        ["StreamItem"] = ([0x94, 0x02, 0x80, .. Xyz, 0x2a], new StreamItemMessage("xyz", 42), true),
        ["ErrorCompletion"] = ([0x95, 0x03, 0x80, .. Xyz, 0x01, 0xa5, 0x45, 0x72, 0x72, 0x6f, 0x72], CompletionMessage.WithError("xyz", "Error"), true),
        ["VoidCompletion"] = ([0x94, 0x03, 0x80, .. Xyz, 0x02], CompletionMessage.Empty("xyz"), true),
        ["NonVoidCompletion"] = ([0x95, 0x03, 0x80, .. Xyz, 0x03, 0x2a], CompletionMessage.WithResult("xyz", 42), true),
        ["CancelInvocation"] = ([0x93, 0x05, 0x80, .. Xyz], new CancelInvocationMessage("xyz"), true),
        ["Ping"] = ([0x91, 0x06], PingMessage.Instance, true),

        // The spec's two-item Close; we always write the third item (allowReconnect), as .NET does.
        ["Close"] = ([0x92, 0x07, .. Xyz], new CloseMessage("xyz"), false),
        ["CloseAllowingReconnect"] = ([0x93, 0x07, .. Xyz, 0xc3], new CloseMessage("xyz", allowReconnect: true), true),

        // The spec writes the id as uint8 ("any unsigned int size is fine"); we write the shortest form.
        ["Ack"] = ([0x92, 0x08, 0xcc, 0x24], new AckMessage(36), false),
        ["Sequence"] = ([0x92, 0x09, 0xcc, 0x13], new SequenceMessage(19), false),
        ["Headers"] = (
            [0x96, 0x01, 0x82, 0xa1, 0x78, 0xa1, 0x79, 0xa1, 0x7a, 0xa1, 0x7a, .. Xyz, .. Method, 0x91, 0x2a, 0x90],
            new InvocationMessage("xyz", "method", [42]) { Headers = new Dictionary<string, string> { ["x"] = "y", ["z"] = "z" } },
            true),
    };

    public static TheoryData<string> Names => [.. Vectors.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void TryParseMessage_SpecExample_GivesTheMessage(string name)
    {
        var (body, expected, _) = Vectors[name];

        var parsed = ParseOne(Protocol(), Frame(body));

        Assert.IsType(expected.GetType(), parsed);
        Assert.Equivalent(expected, parsed, strict: true);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void WriteMessage_SpecExample_WritesTheSpecBytesOrAnEquivalentShorterForm(string name)
    {
        var (body, message, writtenAlike) = Vectors[name];
        var protocol = Protocol();

        var written = Write(protocol, message);

        if (writtenAlike)
        {
            Assert.Equal(Frame(body), written);
        }
        else
        {
            Assert.Equivalent(message, ParseOne(protocol, written), strict: true);
        }
    }

    [Fact]
    public void WriteMessage_AckAndSequence_UseTheShortestIntegers()
    {
        Assert.Equal(Frame(0x92, 0x08, 0x24), Write(Protocol(), new AckMessage(36)));
        Assert.Equal(Frame(0x92, 0x09, 0xcd, 0x01, 0x2c), Write(Protocol(), new SequenceMessage(300)));
        Assert.Equal(Frame(0x93, 0x07, 0xc0, 0xc2), Write(Protocol(), CloseMessage.Empty));
    }
}
