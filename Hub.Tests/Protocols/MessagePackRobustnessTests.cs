using System.Buffers;
using Microsoft.AspNetCore.SignalR.Protocol;
using static KefuHub.Tests.Protocols.ProtocolFrames;

namespace KefuHub.Tests.Protocols;

public sealed class MessagePackRobustnessTests
{
    private static readonly byte[] Invocation = [0x96, 0x01, 0x81, 0xa1, 0x78, 0xa1, 0x79, 0xa3, 0x78, 0x79, 0x7a, 0xa6, 0x6d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x91, 0x2a, 0x90];

    public static TheoryData<int> CutPoints => [.. Enumerable.Range(0, Frame(Invocation).Length)];

    [Theory]
    [MemberData(nameof(CutPoints))]
    public void TryParseMessage_TruncatedFrame_WaitsForMoreWithoutConsuming(int length)
    {
        var input = new ReadOnlySequence<byte>(Frame(Invocation)[..length]);

        Assert.False(Protocol().TryParseMessage(ref input, TestBinder.Spec, out var message));
        Assert.Null(message);
        Assert.Equal(length, input.Length);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0x0f })]
    public void TryParseMessage_LengthPrefixBeyond2GB_ThrowsBeforeTheBodyArrives(byte[] prefix)
    {
        var input = new ReadOnlySequence<byte>(prefix);

        var error = Assert.Throws<FormatException>(() => Protocol().TryParseMessage(ref input, TestBinder.Spec, out _));

        Assert.Contains("over 2GB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseMessage_LargeDeclaredLength_WaitsWithoutBuffering()
    {
        // 1 MiB declared, 3 bytes there: the protocol waits; the server's MaximumReceiveMessageSize (32 KB) bounds the wait.
        var input = new ReadOnlySequence<byte>([0x80, 0x80, 0x40, 0x91, 0x06]);
        var before = GC.GetAllocatedBytesForCurrentThread();

        Assert.False(Protocol().TryParseMessage(ref input, TestBinder.Spec, out _));

        Assert.Equal(5, input.Length);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 4096);
    }

    [Theory]
    [InlineData(new byte[] { })]
    [InlineData(new byte[] { 0xc1 })]
    [InlineData(new byte[] { 0x92, 0xa1, 0x31 })]
    [InlineData(new byte[] { 0x91, 0x01 })]
    [InlineData(new byte[] { 0x96, 0x01, 0x80, 0x2a, 0xa1, 0x6d, 0x90, 0x90 })]
    [InlineData(new byte[] { 0x96, 0x01, 0x81, 0xa1, 0x78, 0x01, 0xc0, 0xa1, 0x6d, 0x90, 0x90 })]
    [InlineData(new byte[] { 0x94, 0x03, 0x80, 0xa1, 0x31, 0x07 })]
    [InlineData(new byte[] { 0x96, 0x01, 0xdf, 0x7f, 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 0x96, 0x01, 0x80, 0xc0, 0xdb, 0xff, 0xff, 0xff, 0xf0, 0x6d })]
    [InlineData(new byte[] { 0x93, 0x07, 0xc0, 0x01 })]
    [InlineData(new byte[] { 0x92, 0x08, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff })]
    [InlineData(new byte[] { 0x96, 0x01, 0x80, 0xc0, 0xa6, 0x6d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x91, 0x2a, 0x91, 0x01 })]
    public void TryParseMessage_MalformedMessage_Throws(byte[] body)
    {
        // In the hubs any of these closes that connection only (MessagePackHubConnectionTests.RawWebSocket_MalformedFrame_ClosesThatConnectionOnly).
        var input = new ReadOnlySequence<byte>(Frame(body));

        var error = Record.Exception(() => Protocol().TryParseMessage(ref input, TestBinder.Spec, out _));

        Assert.True(IsRejection(error), $"{Convert.ToHexString(body)}: {error?.GetType().Name ?? "no exception"}");
    }

    [Fact]
    public void TryParseMessage_DeepNesting_FailsTheInvocationWithoutRecursingFurther()
    {
        byte[] nested = [.. Enumerable.Repeat((byte)0x91, 100_000), 0x2a];
        var binder = new TestBinder(new Dictionary<string, Type[]> { ["m"] = [typeof(object)] });

        // In an argument: the invocation fails, the connection stays.
        var failure = Assert.IsType<InvocationBindingFailureMessage>(
            ParseOne(Protocol(), Frame([0x95, 0x01, 0x80, 0xa1, 0x31, 0xa1, 0x6d, 0x91, .. nested]), binder));
        Assert.Contains("maximum depth", failure.BindingFailure.SourceException.ToString(), StringComparison.Ordinal);
    }

    /// <summary>What the official protocol throws for bad input; the hub closes the connection on it.</summary>
    internal static bool IsRejection(Exception? error) =>
        error is InvalidDataException or MessagePack.MessagePackSerializationException or EndOfStreamException or FormatException;

    [Fact]
    public void TryParseMessage_UnknownMessageType_IsConsumedAndIgnoredForForwardCompatibility()
    {
        var input = new ReadOnlySequence<byte>([.. Frame(0x92, 0x63, 0xa1, 0x78), .. Frame(0x91, 0x06)]);

        // The official protocol answers false for the unknown frame, having consumed it; the ping follows.
        Assert.False(Protocol().TryParseMessage(ref input, TestBinder.Spec, out _));
        Assert.Equal(Frame(0x91, 0x06).Length, input.Length);
        Assert.True(Protocol().TryParseMessage(ref input, TestBinder.Spec, out var message));
        Assert.Same(PingMessage.Instance, message);
    }

    [Theory]
    [InlineData(new byte[] { 0x92, 0x2a, 0x2a }, "Invocation provides 2 argument(s) but target expects 1.")]
    [InlineData(new byte[] { 0x91, 0xa2, 0x34, 0x32 }, "Error binding arguments.")]
    [InlineData(new byte[] { 0x91, 0xd4, 0x05, 0x00 }, "Error binding arguments.")]
    public void TryParseMessage_ArgumentsThatDoNotBind_GiveABindingFailure(byte[] arguments, string reason)
    {
        var parsed = ParseOne(Protocol(), Frame([0x96, 0x01, 0x80, 0xa1, 0x31, 0xa6, 0x6d, 0x65, 0x74, 0x68, 0x6f, 0x64, .. arguments, 0x90]));

        var failure = Assert.IsType<InvocationBindingFailureMessage>(parsed);
        Assert.Equal(("1", "method"), (failure.InvocationId, failure.Target));
        Assert.StartsWith(reason, failure.BindingFailure.SourceException.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseMessage_UnknownTarget_GivesABindingFailure()
    {
        var parsed = ParseOne(Protocol(), Frame(0x96, 0x01, 0x80, 0xa1, 0x31, 0xa4, 0x6e, 0x6f, 0x6e, 0x65, 0x90, 0x90));

        Assert.Equal("none", Assert.IsType<InvocationBindingFailureMessage>(parsed).Target);
    }

    [Fact]
    public void TryParseMessage_StreamItemOfTheWrongType_GivesAStreamBindingFailure()
    {
        var parsed = ParseOne(Protocol(), Frame(0x94, 0x02, 0x80, 0xa3, 0x78, 0x79, 0x7a, 0xa1, 0x78));

        Assert.Equal("xyz", Assert.IsType<StreamBindingFailureMessage>(parsed).Id);
    }

    [Fact]
    public void TryParseMessage_ResultOfTheWrongType_CompletesWithAnError()
    {
        var parsed = ParseOne(Protocol(), Frame(0x95, 0x03, 0x80, 0xa3, 0x78, 0x79, 0x7a, 0x03, 0xa1, 0x78));

        var completion = Assert.IsType<CompletionMessage>(parsed);
        Assert.False(completion.HasResult);
        Assert.StartsWith("Error trying to deserialize result to Int32.", completion.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseMessage_HugeDeclaredLengthsWithLittleData_AllocateLittle()
    {
        byte[][] bodies =
        [
            [0x96, 0x01, 0x80, 0xa1, 0x31, 0xa6, 0x6d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0xdd, 0x7f, 0xff, 0xff, 0xff, 0x90],
            [0x96, 0x01, 0x80, 0xa1, 0x31, 0xa6, 0x6d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x91, 0xc6, 0x7f, 0xff, 0xff, 0xff],
            [0x94, 0x02, 0x80, 0xa3, 0x78, 0x79, 0x7a, 0xdf, 0x7f, 0xff, 0xff, 0xff],
            [0x96, 0x01, 0x80, 0xa1, 0x31, 0xa6, 0x6d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x90, 0xdd, 0x7f, 0xff, 0xff, 0xff],
        ];
        var protocol = Protocol();
        ParseOrInvalid(protocol, Frame(bodies[0]));

        foreach (var body in bodies)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            ParseOrInvalid(protocol, Frame(body));
            Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024);
        }
    }

    private static void ParseOrInvalid(MessagePackHubProtocol protocol, byte[] frame)
    {
        var input = new ReadOnlySequence<byte>(frame);
        try
        {
            protocol.TryParseMessage(ref input, TestBinder.Spec, out _);
        }
        catch (InvalidDataException)
        {
            // Either outcome is fine here; only the allocation is measured.
        }
    }
}
