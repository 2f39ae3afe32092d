using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using KefuHub.Protocols.MessagePack;
using KefuHub.Protocols.Payload;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static KefuHub.Tests.Protocols.ChatPayloads;
using static KefuHub.Tests.Protocols.ProtocolFrames;

namespace KefuHub.Tests.Protocols;

public sealed class MessagePackRoundTripTests
{
    private static readonly Dictionary<string, string> Headers = new() { ["traceparent"] = "00-abc-01", ["x"] = "你好" };

    private static readonly TestBinder Binder = new(
        new Dictionary<string, Type[]>
        {
            ["SendMessage"] = [typeof(SendMessageRequest)],
            ["message"] = [typeof(MessageEvent)],
            ["Upload"] = [typeof(string), typeof(int)],
            ["NoArgs"] = [],
        },
        new Dictionary<string, Type> { ["1"] = typeof(SendMessageResult), ["2"] = typeof(int), ["raw"] = typeof(RawResult) },
        new Dictionary<string, Type> { ["1"] = typeof(MessageEvent), ["s1"] = typeof(int) });

    private static readonly Dictionary<string, HubMessage> Messages = new()
    {
        ["Invocation"] = new InvocationMessage("1", "SendMessage", [Request]),
        ["InvocationWithHeaders"] = new InvocationMessage("1", "SendMessage", [Request]) { Headers = Headers },
        ["NonBlockingEvent"] = new InvocationMessage("message", [Event]),
        ["InvocationWithStreams"] = new InvocationMessage("1", "Upload", ["a", 3], ["s1", "s2"]) { Headers = Headers },
        ["InvocationWithoutArguments"] = new InvocationMessage("1", "NoArgs", []),
        ["StreamInvocation"] = new StreamInvocationMessage("1", "Upload", ["a", 3]),
        ["StreamInvocationWithStreams"] = new StreamInvocationMessage("1", "Upload", ["a", 3], ["s1"]) { Headers = Headers },
        ["StreamItem"] = new StreamItemMessage("1", Event) { Headers = Headers },
        ["StreamItemNull"] = new StreamItemMessage("1", null),
        ["CompletionWithResult"] = CompletionMessage.WithResult("1", new SendMessageResult("m-1", 7, Event.CreateDatetime)),
        ["CompletionWithNullResult"] = CompletionMessage.WithResult("1", null),
        ["CompletionWithError"] = new CompletionMessage("2", "no such session", null, hasResult: false) { Headers = Headers },
        ["CompletionVoid"] = CompletionMessage.Empty("2"),
        ["CancelInvocation"] = new CancelInvocationMessage("1") { Headers = Headers },
        ["Ping"] = PingMessage.Instance,
        ["CloseEmpty"] = CloseMessage.Empty,
        ["CloseWithError"] = new CloseMessage("Connection closed with an error."),
        ["CloseAllowingReconnect"] = new CloseMessage("server restarting", allowReconnect: true),
        ["CloseReconnectWithoutError"] = new CloseMessage(null, allowReconnect: true),
        ["Ack"] = new AckMessage(long.MaxValue),
        ["Sequence"] = new SequenceMessage(1),
    };

    public static TheoryData<string> Names => [.. Messages.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void WriteThenParse_EveryMessageType_GivesAnEquivalentMessage(string name)
    {
        var protocol = Protocol();
        var message = Messages[name];

        var parsed = ParseOne(protocol, Write(protocol, message), Binder);

        Assert.IsType(message.GetType(), parsed);
        Assert.Equivalent(message, parsed, strict: true);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void GetMessageBytes_EqualsWriteMessage(string name)
    {
        var protocol = Protocol();

        Assert.Equal(Write(protocol, Messages[name]), protocol.GetMessageBytes(Messages[name]).ToArray());
    }

    [Fact]
    public void TryParseMessage_SeveralFramesInOneBufferSplitIntoSingleBytes_ParsesEachInOrder()
    {
        var protocol = Protocol();
        var names = Messages.Keys.ToArray();
        var input = Fragmented([.. names.SelectMany(n => Write(protocol, Messages[n]))]);

        foreach (var name in names)
        {
            Assert.True(protocol.TryParseMessage(ref input, Binder, out var parsed), name);
            Assert.Equivalent(Messages[name], parsed, strict: true);
        }

        Assert.True(input.IsEmpty);
        Assert.False(protocol.TryParseMessage(ref input, Binder, out _));
    }

    [Fact]
    public void IsVersionSupported_AcceptsOneAndTwoOnly()
    {
        var protocol = Protocol();

        Assert.Equal(("messagepack", 2, Microsoft.AspNetCore.Connections.TransferFormat.Binary), (protocol.Name, protocol.Version, protocol.TransferFormat));
        Assert.Equal([false, true, true, false], new[] { 0, 1, 2, 3 }.Select(protocol.IsVersionSupported));
    }

    [Fact]
    public void TryParseMessage_JsClientInvocationWithFiveItems_HasNoStreamIds()
    {
        // @microsoft/signalr-protocol-msgpack leaves out the stream ids when there are none.
        var parsed = ParseOne(Protocol(), Frame(0x95, 0x01, 0x80, 0xa1, 0x32, 0xa6, 0x4e, 0x6f, 0x41, 0x72, 0x67, 0x73, 0x90), Binder);

        Assert.Equivalent(new InvocationMessage("2", "NoArgs", []), parsed, strict: true);
    }

    [Fact]
    public void TryParseMessage_RawResultReturnType_KeepsTheResultBytesAndWritesThemBack()
    {
        var protocol = Protocol();
        var frame = Write(protocol, CompletionMessage.WithResult("raw", Request));

        var parsed = Assert.IsType<CompletionMessage>(ParseOne(protocol, frame, Binder));

        Assert.Equal(frame, Write(protocol, parsed));
    }

    [Fact]
    public void Payload_FieldNamesAndValues_AreWhatTheJsonProtocolSends()
    {
        var jsonOptions = new JsonHubProtocolOptions().PayloadSerializerOptions;
        object[] values = [Request, Event, new SendMessageResult("m", long.MaxValue, DateTimeOffset.UnixEpoch),
            new Workspace("张三", ["s-1", "s-2"], 0.5, true, [1, -1, 70000], [1, 2, 3]), new Workspace("a", [], 1e300, false, null, null),
            "text", 1.5, -129, ulong.MaxValue, new Dictionary<string, int> { ["a"] = 1 }];

        foreach (var value in values)
        {
            var json = JsonSerializer.SerializeToElement(value, value.GetType(), jsonOptions);
            var viaMessagePack = JsonDocument.Parse(MessagePackToJson(Write(Protocol(), new InvocationMessage("t", [value])))).RootElement;
            Assert.True(JsonElement.DeepEquals(json, viaMessagePack), $"JSON {json} but MessagePack carries {viaMessagePack}");
        }
    }

    [Fact]
    public void Payload_DateTimeOffset_IsTheJsonProtocolsIsoString()
    {
        var frame = Write(Protocol(), new InvocationMessage("t", [Event.CreateDatetime]));

        Assert.Equal("\"2026-11-21T09:30:15.12+08:00\"", MessagePackToJson(frame));
    }

    [Fact]
    public void Payload_TimestampExtension_BindsToDateTimeOffset()
    {
        // What @msgpack/msgpack sends for a JS Date: timestamp 64 (nanoseconds << 34 | seconds).
        var instant = new DateTimeOffset(2026, 11, 21, 1, 30, 15, 120, TimeSpan.Zero);
        var packed = ((ulong)120_000_000 << 34) | (ulong)instant.ToUnixTimeSeconds();
        var timestamp = new byte[] { 0xd7, 0xff }.Concat(BitConverter.GetBytes(packed).Reverse());
        var binder = new TestBinder(new Dictionary<string, Type[]> { ["At"] = [typeof(DateTimeOffset)] });

        var parsed = ParseOne(Protocol(), Frame([0x95, 0x01, 0x80, 0xc0, 0xa2, 0x41, 0x74, 0x91, .. timestamp]), binder);

        Assert.Equal(instant, Assert.IsType<InvocationMessage>(parsed).Arguments[0]);
    }

    [Theory]
    [InlineData(new byte[] { 0xd6, 0xff, 0x00, 0x00, 0x00, 0x3c }, 60L, 0)]
    [InlineData(new byte[] { 0xc7, 0x0c, 0xff, 0x00, 0x00, 0x03, 0xe8, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, -1L, 1_000)]
    public void Payload_Timestamp32And96_BindToDateTimeOffset(byte[] timestamp, long seconds, int nanoseconds)
    {
        var binder = new TestBinder(new Dictionary<string, Type[]> { ["At"] = [typeof(DateTimeOffset)] });

        var parsed = ParseOne(Protocol(), Frame([0x95, 0x01, 0x80, 0xc0, 0xa2, 0x41, 0x74, 0x91, .. timestamp]), binder);

        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanoseconds / 100), Assert.IsType<InvocationMessage>(parsed).Arguments[0]);
    }

    [Fact]
    public void AddKefuMessagePackProtocol_FollowsTheJsonProtocolsPayloadOptions()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSignalR()
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .AddKefuMessagePackProtocol(o => o.MaximumMessageSize = 1000);
        using var provider = services.BuildServiceProvider();

        var protocol = provider.GetServices<IHubProtocol>().Single(p => p.Name == "messagepack");
        Assert.Equal(["json", "messagepack"], provider.GetRequiredService<IOptions<HubOptions>>().Value.SupportedProtocols!.Order());
        Assert.Equal("\"Agent\"", MessagePackToJson(Write(protocol, new InvocationMessage("t", [MessageFrom.Agent]))));
        var input = new ReadOnlySequence<byte>(Frame(new byte[1001]));
        Assert.Throws<InvalidDataException>(() => protocol.TryParseMessage(ref input, Binder, out _));
    }

    /// <summary>The first argument of an invocation frame, as JSON text.</summary>
    private static string MessagePackToJson(byte[] frame)
    {
        Assert.True(VarIntLengthPrefix.TryRead(new ReadOnlySequence<byte>(frame), out _, out var prefixLength));
        var reader = new MessagePackReader(frame.AsSpan(prefixLength), 64);
        reader.ReadArrayHeader();
        reader.ReadInteger();
        reader.Skip();
        reader.Skip();
        reader.Skip();
        Assert.Equal(1, reader.ReadArrayHeader());
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            JsonMessagePackTranscoder.ToJson(ref reader, json);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
