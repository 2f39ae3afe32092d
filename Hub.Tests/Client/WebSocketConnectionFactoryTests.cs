using KefuHub.Client;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Client;

public sealed class WebSocketConnectionFactoryTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private LoopbackHost? _host;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _host = await LoopbackHost.StartAsync(s => s.AddSignalR().Services.AddSingleton<EchoHub.Disconnections>(), app => app.MapHub<EchoHub>("/hubs/echo"), Ct);

    public async ValueTask DisposeAsync() => await _host!.DisposeAsync();

    [Fact]
    public async Task HubConnection_OverOurWebSocket_InvokesAndReceivesPushes()
    {
        await using var connection = Connect("secret-token");
        var pushed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<string>("pushed", text => pushed.TrySetResult(text));
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);

        Assert.Equal("hello", await connection.InvokeAsync<string>("Echo", "hello", Ct).WaitAsync(Timeout, Ct));
        Assert.Equal("Bearer secret-token", await connection.InvokeAsync<string>("Authorization", Ct).WaitAsync(Timeout, Ct));
        await connection.InvokeAsync("Push", "ping", Ct).WaitAsync(Timeout, Ct);
        Assert.Equal("ping", await pushed.Task.WaitAsync(Timeout, Ct));
    }

    [Fact]
    public async Task HubConnection_ManySequentialInvocations_AllAnsweredInOrder()
    {
        await using var connection = Connect(token: null);
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);

        for (var i = 0; i < 2000; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), await connection.InvokeAsync<string>("Echo", i.ToString(System.Globalization.CultureInfo.InvariantCulture), Ct).WaitAsync(Timeout, Ct));
        }
    }

    [Fact]
    public async Task StopAsync_ClosesTheServerSideConnection()
    {
        var closed = _host!.Services.GetRequiredService<EchoHub.Disconnections>();
        await using var connection = Connect(token: null);
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        var id = await connection.InvokeAsync<string>("ConnectionId", Ct).WaitAsync(Timeout, Ct);

        await connection.StopAsync(Ct).WaitAsync(Timeout, Ct);

        Assert.Equal(id, await closed.Next.WaitAsync(Timeout, Ct));
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    private HubConnection Connect(string? token) =>
        new HubConnectionBuilder().WithWebSocket(new Uri(_host!.Address, "/hubs/echo"), () => token).Build();

    public sealed class EchoHub(EchoHub.Disconnections disconnections) : Hub
    {
        public string Echo(string text) => text;

        public string Authorization() => Context.GetHttpContext()!.Request.Headers.Authorization.ToString();

        public string ConnectionId() => Context.ConnectionId;

        public Task Push(string text) => Clients.Caller.SendAsync("pushed", text);

        public override Task OnDisconnectedAsync(Exception? exception)
        {
            disconnections.Closed(Context.ConnectionId);
            return Task.CompletedTask;
        }

        /// <summary>Connections the server saw close.</summary>
        public sealed class Disconnections
        {
            private readonly TaskCompletionSource<string> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public Task<string> Next => _next.Task;

            public void Closed(string connectionId) => _next.TrySetResult(connectionId);
        }
    }
}
