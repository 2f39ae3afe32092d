using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;
using static KefuHub.Tests.Protocols.ChatPayloads;
using static KefuHub.Tests.Protocols.ProtocolFrames;

namespace KefuHub.Tests.Protocols;

/// <summary>A .NET <see cref="HubConnection"/> and a raw WebSocket speaking MessagePack to a Kestrel hub that offers only MessagePack.</summary>
public sealed class MessagePackHubConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private LoopbackHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Uri HubUrl => new(_host!.Address, "/hubs/chat");

    public async ValueTask InitializeAsync() =>
        _host = await LoopbackHost.StartAsync(
            s => s.AddSignalR(o => o.SupportedProtocols = ["messagepack"]).AddKefuMessagePackProtocol(),
            app => app.MapHub<ChatTestHub>("/hubs/chat"),
            Ct);

    public async ValueTask DisposeAsync() => await _host!.DisposeAsync();

    [Fact]
    public async Task HubConnection_WithMessagePack_InvokesReceivesEventsAndErrors()
    {
        await using var connection = Connect();
        var pushed = new TaskCompletionSource<MessageEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<MessageEvent>("message", e => pushed.TrySetResult(e));
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);

        var result = await connection.InvokeAsync<SendMessageResult>("SendMessage", Request, Ct).WaitAsync(Timeout, Ct);
        Assert.Equal(new SendMessageResult("m-c-1", 42, Event.CreateDatetime), result);

        await connection.InvokeAsync("PushMessage", "s-7", Ct).WaitAsync(Timeout, Ct);
        Assert.Equal(Event with { ServiceSessionId = "s-7" }, await pushed.Task.WaitAsync(Timeout, Ct), MessageEventComparer.Instance);

        var error = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync("Fail", "s-9", Ct).WaitAsync(Timeout, Ct));
        Assert.EndsWith("HubException: Session s-9 is closed.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubConnection_WithMessagePack_StreamsBothWays()
    {
        await using var connection = Connect();
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);

        var history = new List<long>();
        await foreach (var item in connection.StreamAsync<MessageEvent>("History", 3, Ct).WithCancellation(Ct))
        {
            history.Add(item.Seq);
        }

        Assert.Equal([1L, 2L, 3L], history);

        var uploads = Channel.CreateUnbounded<SendMessageRequest>();
        var upload = connection.InvokeAsync<string>("Upload", uploads.Reader, Ct);
        await uploads.Writer.WriteAsync(Request with { ClientMessageId = "a" }, Ct);
        await uploads.Writer.WriteAsync(Request with { ClientMessageId = "b" }, Ct);
        uploads.Writer.Complete();
        Assert.Equal("a,b", await upload.WaitAsync(Timeout, Ct));
    }

    [Fact]
    public async Task RawWebSocket_Version2Handshake_GetsResultsAndVersion3IsRefused()
    {
        using var socket = await OpenAsync();
        Assert.Equal("{}", await HandshakeAsync(socket, 2));

        var protocol = Protocol();
        await socket.SendAsync(Write(protocol, new InvocationMessage("1", "SendMessage", [Request])), WebSocketMessageType.Binary, true, Ct);
        var completion = Assert.IsType<CompletionMessage>(await ReceiveAsync(socket));
        Assert.Equal(new SendMessageResult("m-c-1", 42, Event.CreateDatetime), completion.Result);

        using var refused = await OpenAsync();
        Assert.Equal("{\"error\":\"The server does not support version 3 of the 'messagepack' protocol.\"}", await HandshakeAsync(refused, 3));
    }

    [Fact]
    public async Task RawWebSocket_LengthBeyondMaximumReceiveMessageSize_ClosesThatConnectionOnly()
    {
        using var socket = await OpenAsync();
        Assert.Equal("{}", await HandshakeAsync(socket, 1));

        // Declares 100,000 bytes; the server's default limit is 32 KB.
        await socket.SendAsync(LengthPrefix(100_000), WebSocketMessageType.Binary, false, Ct);
        await socket.SendAsync(new byte[40_000], WebSocketMessageType.Binary, true, Ct);

        var close = Assert.IsType<CloseMessage>(await ReceiveAsync(socket));
        Assert.Equal("Connection closed with an error.", close.Error);

        await using var connection = Connect();
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        Assert.Equal("m-c-1", (await connection.InvokeAsync<SendMessageResult>("SendMessage", Request, Ct).WaitAsync(Timeout, Ct)).MessageId);
    }

    [Fact]
    public async Task RawWebSocket_MalformedFrame_ClosesThatConnectionOnly()
    {
        await using var bystander = Connect();
        await bystander.StartAsync(Ct).WaitAsync(Timeout, Ct);
        using var socket = await OpenAsync();
        Assert.Equal("{}", await HandshakeAsync(socket, 1));

        // 0xc1 is never used in MessagePack.
        await socket.SendAsync(Frame(0xc1), WebSocketMessageType.Binary, true, Ct);

        var close = Assert.IsType<CloseMessage>(await ReceiveAsync(socket));
        Assert.Equal("Connection closed with an error.", close.Error);
        Assert.Equal("m-c-1", (await bystander.InvokeAsync<SendMessageResult>("SendMessage", Request, Ct).WaitAsync(Timeout, Ct)).MessageId);
    }

    private HubConnection Connect() =>
        new HubConnectionBuilder()
            .WithUrl(HubUrl, o => o.Transports = HttpTransportType.WebSockets)
            .AddKefuMessagePackProtocol()
            .Build();

    private async Task<ClientWebSocket> OpenAsync()
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new UriBuilder(HubUrl) { Scheme = "ws" }.Uri, Ct).WaitAsync(Timeout, Ct);
        return socket;
    }

    /// <summary>Sends the JSON handshake and returns the server's answer without its record separator.</summary>
    private static async Task<string> HandshakeAsync(ClientWebSocket socket, int version)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes($"{{\"protocol\":\"messagepack\",\"version\":{version}}}\u001e"), WebSocketMessageType.Text, true, Ct);
        var answer = new List<byte>();
        var buffer = new byte[256];
        while (!answer.Contains(0x1e))
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), Ct).AsTask().WaitAsync(Timeout, Ct);
            answer.AddRange(buffer.AsSpan(0, received.Count));
        }

        return Encoding.UTF8.GetString([.. answer]).TrimEnd('\u001e');
    }

    private static async Task<HubMessage> ReceiveAsync(ClientWebSocket socket)
    {
        var protocol = Protocol();
        var binder = new TestBinder(returnTypes: new Dictionary<string, Type> { ["1"] = typeof(SendMessageResult) });
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (true)
        {
            var input = new ReadOnlySequence<byte>([.. received]);
            while (protocol.TryParseMessage(ref input, binder, out var message))
            {
                if (message is not PingMessage)
                {
                    return message;
                }
            }

            received = [.. input.ToArray()];
            var result = await socket.ReceiveAsync(buffer.AsMemory(), Ct).AsTask().WaitAsync(Timeout, Ct);
            Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
            received.AddRange(buffer.AsSpan(0, result.Count));
        }
    }

    public sealed class ChatTestHub : Hub
    {
        public SendMessageResult SendMessage(SendMessageRequest request) => new("m-" + request.ClientMessageId, 42, Event.CreateDatetime);

        public Task PushMessage(string serviceSessionId) => Clients.Caller.SendAsync("message", Event with { ServiceSessionId = serviceSessionId }, Context.ConnectionAborted);

        public async IAsyncEnumerable<MessageEvent> History(int count, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            for (var seq = 1; seq <= count; seq++)
            {
                await Task.Yield();
                cancellationToken.ThrowIfCancellationRequested();
                yield return Event with { Seq = seq };
            }
        }

        public async Task<string> Upload(IAsyncEnumerable<SendMessageRequest> requests)
        {
            var ids = new List<string>();
            await foreach (var request in requests)
            {
                ids.Add(request.ClientMessageId);
            }

            return string.Join(',', ids);
        }

        public void Fail(string serviceSessionId) => throw new HubException($"Session {serviceSessionId} is closed.");
    }

    /// <summary>Records with a dictionary compare it by reference; compare its entries instead.</summary>
    private sealed class MessageEventComparer : IEqualityComparer<MessageEvent>
    {
        public static MessageEventComparer Instance { get; } = new();

        public bool Equals(MessageEvent? x, MessageEvent? y) =>
            x is not null && y is not null
            && x with { Ext = null } == y with { Ext = null }
            && (x.Ext ?? []).OrderBy(e => e.Key).SequenceEqual((y.Ext ?? []).OrderBy(e => e.Key));

        public int GetHashCode(MessageEvent obj) => obj.MessageId.GetHashCode(StringComparison.Ordinal);
    }
}
