using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Hubs.Protocol;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.Options;

namespace KefuHub.Benchmarks;

/// <summary>
/// Writing and parsing the hub's typical messages (the hubs' own contract types) with the built-in JSON
/// protocol and the official MessagePack protocol as the hubs configure it, both with the same payload
/// options (camelCase). Bytes on the wire are printed once by <see cref="Setup"/>.
/// </summary>
[MemoryDiagnoser]
public class HubProtocolBenchmarks
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 11, 21, 9, 30, 15, 120, TimeSpan.FromHours(8));

    private static readonly JsonElement Ext = JsonDocument.Parse("""{"orderId":"A-1029"}""").RootElement;

    private static readonly Dictionary<string, HubMessage> Messages = new()
    {
        ["SendMessage"] = new InvocationMessage("17", "SendMessage", [new SendMessageRequest("3f2b9c0e-session", "c-20261121-0042", "txt", "您好，我想咨询一下订单 A-1029 的发货时间。")]),
        ["messageEvent"] = new InvocationMessage("message", [new MessageEvent(
            "3f2b9c0e-session", "m-000042", 42, "agent", "txt", "您好，请问有什么可以帮您？", null, Ext, CreatedAt)]),
        ["queuePosition"] = new InvocationMessage("queuePosition", [new QueuePositionEvent("3f2b9c0e-session", 3, 12, 95)]),
        ["Completion"] = CompletionMessage.WithResult("17", new SendMessageResult("m-000043", 43, CreatedAt)),
        ["Ping"] = PingMessage.Instance,
    };

    private readonly ArrayBufferWriter<byte> _output = new(4096);
    private IHubProtocol _protocol = null!;
    private HubMessage _message = null!;
    private byte[] _frame = null!;
    private IInvocationBinder _binder = null!;

    [Params("json", "messagepack")]
    public string Protocol { get; set; } = "";

    [Params("SendMessage", "messageEvent", "queuePosition", "Completion", "Ping")]
    public string Message { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        _protocol = Create(Protocol);
        _message = Messages[Message];
        _binder = new Binder();
        _protocol.WriteMessage(_message, _output);
        _frame = _output.WrittenSpan.ToArray();
        Console.WriteLine($"// {Protocol} {Message}: {_frame.Length} bytes on the wire");
        var input = new ReadOnlySequence<byte>(_frame);
        if (!_protocol.TryParseMessage(ref input, _binder, out var parsed) || parsed.GetType() != _message.GetType())
        {
            throw new InvalidOperationException($"{Protocol} did not parse its own {Message}.");
        }
    }

    [Benchmark]
    public int Write()
    {
        _output.ResetWrittenCount();
        _protocol.WriteMessage(_message, _output);
        return _output.WrittenCount;
    }

    [Benchmark]
    public HubMessage Parse()
    {
        var input = new ReadOnlySequence<byte>(_frame);
        _protocol.TryParseMessage(ref input, _binder, out var message);
        return message!;
    }

    /// <summary>The protocol named <paramref name="name"/>, each with SignalR's default JSON payload options.</summary>
    public static IHubProtocol Create(string name) => name switch
    {
        "json" => new JsonHubProtocol(Options.Create(new JsonHubProtocolOptions())),
        _ => new MessagePackHubProtocol(Options.Create(new MessagePackHubProtocolOptions
        {
            SerializerOptions = KefuMessagePackSerializerOptions.Create(new JsonHubProtocolOptions().PayloadSerializerOptions),
        })),
    };

    /// <summary>The server's view for SendMessage, the client's for the events and the completion.</summary>
    private sealed class Binder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => methodName switch
        {
            "SendMessage" => [typeof(SendMessageRequest)],
            "message" => [typeof(MessageEvent)],
            "queuePosition" => [typeof(QueuePositionEvent)],
            _ => throw new InvalidOperationException(methodName),
        };

        public Type GetReturnType(string invocationId) => typeof(SendMessageResult);

        public Type GetStreamItemType(string streamId) => throw new InvalidOperationException(streamId);
    }
}
