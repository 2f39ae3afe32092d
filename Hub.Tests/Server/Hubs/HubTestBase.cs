using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>One real hub per test class instance (SQLite in a temp directory), and connections that close with it.</summary>
public abstract class HubTestBase : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly List<HubConnection> _connections = [];
    private KefuTestServer? _server;

    protected KefuTestServer Server => _server ?? throw new InvalidOperationException("Not started.");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>True to connect with the "messagepack" hub protocol instead of JSON.</summary>
    protected virtual bool UseMessagePack => false;

    /// <summary>Configuration for the server; override to change limits.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>The server's clock; the system clock unless overridden (with a <see cref="FakeTimeProvider"/>).</summary>
    protected virtual TimeProvider? Time => null;

    /// <summary>Replaces the server's services after its own registrations; override for a failing store or a log recorder.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>What the server was started with: <see cref="Settings"/> and the storage choice.</summary>
    protected IReadOnlyDictionary<string, string?> StartSettings { get; private set; } = new Dictionary<string, string?>();

    public virtual async ValueTask InitializeAsync()
    {
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in await StorageSettingsAsync())
        {
            settings[key] = value;
        }

        StartSettings = settings;
        _server = KefuTestServer.Start(settings, time: Time, services: ConfigureServices);
    }

    /// <summary>Storage configuration; SQLite in the server's temp directory unless overridden.</summary>
    protected virtual Task<IReadOnlyDictionary<string, string?>> StorageSettingsAsync() =>
        Task.FromResult<IReadOnlyDictionary<string, string?>>(new Dictionary<string, string?>());

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAndDeleteAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected async Task<AgentClient> OnlineAgentAsync(string username, int max = 2)
    {
        var agent = await ConnectAgentAsync(username, max);
        await agent.Connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        return agent;
    }

    protected async Task<AgentClient> ConnectAgentAsync(string username, int max = 2)
    {
        var agent = await Server.CreateAgentAsync(username, max, Ct);
        var connection = Track(Server.AgentConnection(agent.Token, UseMessagePack));
        var client = new AgentClient(agent, connection);
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        return client;
    }

    protected async Task<VisitorClient> ConnectVisitorAsync(string? nickname = null)
    {
        var visitor = await Server.CreateVisitorAsync(nickname, Ct);
        return await ReconnectVisitorAsync(visitor);
    }

    protected async Task<VisitorClient> ReconnectVisitorAsync(TestVisitor visitor)
    {
        var connection = Track(Server.VisitorConnection(visitor.Token, UseMessagePack));
        var client = new VisitorClient(visitor, connection);
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        return client;
    }

    protected HubConnection Track(HubConnection connection)
    {
        _connections.Add(connection);
        return connection;
    }

    /// <summary>Completes when the connection closes (from the moment of this call).</summary>
    protected static Task Closed(HubConnection connection)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }

    protected static SendMessageRequest Text(string sessionId, string text) => new(sessionId, Guid.NewGuid().ToString(), "txt", text);
}
