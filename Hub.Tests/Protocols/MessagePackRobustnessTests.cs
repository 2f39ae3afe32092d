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
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 }, "more than 5 bytes")]
    [InlineData(new byte[] { 0xff, 0xff, 0xff, 0xff, 0x0f }, "more than 2147483647")]
    [InlineData(new byte[] { 0x81, 0x80, 0x40 }, "exceeds the maximum message size of 1048576")]
    public void TryParseMessage_BadLengthPrefix_ThrowsBeforeTheBodyArrives(byte[] prefix, string reason)
    {
        var input = new ReadOnlySequence<byte>(prefix);

        var error = Assert.Throws<InvalidDataException>(() => Protocol().TryParseMessage(ref input, TestBinder.Spec, out _));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { }, "past the end")]
    [InlineData(new byte[] { 0xc1 }, "0xc1")]
    [InlineData(new byte[] { 0x92, 0xa1, 0x31 }, "'messageType'")]
    [InlineData(new byte[] { 0x91, 0x01 }, "at least 5 expected")]
    [InlineData(new byte[] { 0x96, 0x01, 0x80, 0x2a, 0xa1, 0x6d, 0x90, 0x90 }, "'invocationId'")]
    [InlineData(new byte[] { 0x96, 0x01, 0x81, 0xa1, 0x78, 0x01, 0xc0, 0xa1, 0x6d, 0x90, 0x90 }, "'header value'")]
    [InlineData(new byte[] { 0x96, 0x01, 0x80, 0xc0, 0xa0, 0x90, 0x90 }, "empty target")]
    [InlineData(new byte[] { 0x94, 0x03, 0x80, 0xa1, 0x31, 0x07 }, "result kind 7")]
    [InlineData(new byte[] { 0x95, 0x03, 0x80, 0xa1, 0x31, 0x03, 0xdd, 0xff, 0xff, 0xff, 0xff }, "declares 4294967295 elements")]
    [InlineData(new byte[] { 0x96, 0x01, 0xdf, 0x7f, 0xff, 0xff, 0xff }, "declares 2147483647 entries")]
    [InlineData(new byte[] { 0x96, 0x01, 0x80, 0xc0, 0xdb, 0xff, 0xff, 0xff, 0xf0, 0x6d }, "runs past the end")]
    [InlineData(new byte[] { 0x96, 0x01, 0x80, 0xc0, 0xa2, 0xc3, 0x28, 0x90, 0x90 }, "not valid UTF-8")]
    [InlineData(new byte[] { 0x93, 0x07, 0xc0, 0x01 }, "'allowReconnect'")]
    [InlineData(new byte[] { 0x92, 0x08, 0xcf, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, "does not fit in Int64")]
    [InlineData(new byte[] { 0x96, 0x01, 0x80, 0xc0, 0xa6, 0x6d, 0x65, 0x74, 0x68, 0x6f, 0x64, 0x91, 0x2a, 0x91, 0x01 }, "'streamId'")]
    public void TryParseMessage_MalformedMessage_ThrowsInvalidDataNamingTheProblem(byte[] body, string reason)
    {
        var input = new ReadOnlySequence<byte>(Frame(body));

        var error = Assert.Throws<InvalidDataException>(() => Protocol().TryParseMessage(ref input, TestBinder.Spec, out _));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseMessage_DeepNesting_FailsTheInvocationOrTheMessageWithoutRecursingFurther()
    {
        byte[] nested = [.. Enumerable.Repeat((byte)0x91, 100_000), 0x2a];
        var binder = new TestBinder(new Dictionary<string, Type[]> { ["m"] = [typeof(object)] });

        // In an argument: the invocation fails, the connection stays.
        var failure = Assert.IsType<InvocationBindingFailureMessage>(
            ParseOne(Protocol(), Frame([0x95, 0x01, 0x80, 0xa1, 0x31, 0xa1, 0x6d, 0x91, .. nested]), binder));
        Assert.Contains("maximum depth of 64", failure.BindingFailure.SourceException.InnerException!.Message, StringComparison.Ordinal);

        // In a result nobody waits for, which is skipped: a malformed message.
        var input = new ReadOnlySequence<byte>(Frame([0x95, 0x03, 0x80, 0xa1, 0x39, 0x03, .. nested]));
        var error = Assert.Throws<InvalidDataException>(() => Protocol().TryParseMessage(ref input, binder, out _));
        Assert.Contains("maximum depth of 64", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParseMessage_UnknownMessageTypes_AreSkippedForForwardCompatibility()
    {
        byte[] unknown = [.. Frame(0x92, 0x63, 0xa1, 0x78), .. Frame(0x91, 0x0a)];
        var input = new ReadOnlySequence<byte>([.. unknown, .. Frame(0x91, 0x06)]);

        Assert.True(Protocol().TryParseMessage(ref input, TestBinder.Spec, out var message));
        Assert.Same(PingMessage.Instance, message);
        Assert.True(input.IsEmpty);

        var onlyUnknown = new ReadOnlySequence<byte>(unknown);
        Assert.False(Protocol().TryParseMessage(ref onlyUnknown, TestBinder.Spec, out _));
        Assert.True(onlyUnknown.IsEmpty);
    }

    [Theory]
    [InlineData(new byte[] { 0x92, 0x2a, 0x2a }, "Invocation provides 2 argument(s) but target expects 1.")]
    [InlineData(new byte[] { 0x91, 0xa2, 0x34, 0x32 }, "Error binding argument 1.")]
    [InlineData(new byte[] { 0x91, 0xd4, 0x05, 0x00 }, "Error binding argument 1.")]
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

    private static void ParseOrInvalid(KefuHub.Protocols.MessagePackHubProtocol protocol, byte[] frame)
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
