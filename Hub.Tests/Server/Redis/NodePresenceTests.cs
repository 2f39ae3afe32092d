using KefuHub.Routing;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Server.Hubs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace KefuHub.Tests.Server.Redis;

/// <summary>
/// A node that dies without closing its connections, against a real redis-server: its connections are
/// dropped from routing by a surviving node (so rule 7 applies to its agents), and deadlines nobody's
/// timer holds any more still fire.
/// </summary>
public sealed class NodePresenceTests(RedisServer redis, PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private readonly List<IAsyncDisposable> _disposables = [];
    private string _prefix = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        for (var i = _disposables.Count - 1; i >= 0; i--)
        {
            await _disposables[i].DisposeAsync();
        }
    }

    [Fact]
    public async Task ConnectionsOfANodeThatStoppedBeating_AreDropped_SoItsAgentGoesOfflineAndItsSessionWaitsAgain()
    {
        var node = await StartAsync();
        var engine = node.Services.GetRequiredService<RoutingEngine>();
        var alice = await node.CreateAgentAsync("alice@test", cancellationToken: Ct);

        // A node "ghost" held alice's only connection, beat last long ago and never closed it.
        var db = (await redis.GetConnectionAsync(Ct)).GetDatabase();
        await db.HashSetAsync($"{_prefix}:node:ghost:connections", "ghost-connection", $"{KefuTestServer.TenantId}|Agent|{alice.UserId}");
        await db.SortedSetAddAsync($"{_prefix}:nodes", "ghost", 1);
        await engine.AgentConnectedAsync(KefuTestServer.TenantId, alice.UserId, "ghost-connection", Ct);
        await engine.SetAgentStateAsync(KefuTestServer.TenantId, alice.UserId, AgentState.Online, Ct);
        var visitor = await ConnectVisitorAsync(node);
        Assert.Equal("Processing", (await visitor.StartAsync()).State);

        Assert.Equal("Wait", (await visitor.States.NextAsync(s => s.State == "Wait", Timeout)).State);
        Assert.Equal(AgentState.Offline, (await engine.ReadAsync(KefuTestServer.TenantId, s => s.GetAgent(alice.UserId), Ct))!.State);
        Assert.False(await db.KeyExistsAsync($"{_prefix}:node:ghost:connections"));
        Assert.Null(await db.SortedSetScoreAsync($"{_prefix}:nodes", "ghost"));
    }

    [Fact]
    public async Task ADeadlineNoTimerHolds_IsFiredByTheSweep()
    {
        var node = await StartAsync();
        var engine = node.Services.GetRequiredService<RoutingEngine>();
        var alice = await node.CreateAgentAsync("alice@test", cancellationToken: Ct);
        await engine.AgentConnectedAsync(KefuTestServer.TenantId, alice.UserId, "lost-connection", Ct);
        await engine.SetAgentStateAsync(KefuTestServer.TenantId, alice.UserId, AgentState.Online, Ct);
        var visitor = await ConnectVisitorAsync(node);
        Assert.Equal("Processing", (await visitor.StartAsync()).State);

        // As a node that died before its grace timer fired: the command is in the log, no timer anywhere.
        var store = node.Services.GetRequiredService<IRoutingStateStore>();
        var outcome = await store.ExecuteAsync(KefuTestServer.TenantId, new RoutingCommand.AgentDisconnected(DateTimeOffset.UtcNow, alice.UserId, "lost-connection"), cancellationToken: Ct);
        Assert.NotNull(outcome.NextDeadline);

        Assert.Equal("Wait", (await visitor.States.NextAsync(s => s.State == "Wait", Timeout)).State);
        Assert.Equal(AgentState.Offline, (await engine.ReadAsync(KefuTestServer.TenantId, s => s.GetAgent(alice.UserId), Ct))!.State);
    }

    [Fact]
    public async Task AConnectionIsInPresenceWhileOpen_AndGoneAfterItCloses()
    {
        var node = await StartAsync();
        var db = (await redis.GetConnectionAsync(Ct)).GetDatabase();
        var visitor = await ConnectVisitorAsync(node);
        var key = (RedisKey)$"{_prefix}:node:{node.Services.GetRequiredService<KefuHub.Server.Redis.RedisNodePresence>().NodeId}:connections";

        // The client's start completes at the handshake; the hub's OnConnected runs just after it.
        await EventuallyAsync(async () => await db.HashLengthAsync(key) == 1);
        var entry = Assert.Single(await db.HashGetAllAsync(key));
        Assert.Equal($"{KefuTestServer.TenantId}|Visitor|{visitor.Visitor.VisitorId}", entry.Value.ToString());

        await visitor.Connection.StopAsync(Ct);
        await EventuallyAsync(async () => !await db.HashExistsAsync(key, entry.Name));
    }

    [Fact]
    public async Task ASlotOfASilentNode_DoesNotCountAgainstTheVisitorsMaximum()
    {
        var node = await StartAsync(maxConnectionsPerVisitor: 1);
        var visitor = await node.CreateVisitorAsync("Bob", Ct);
        var db = (await redis.GetConnectionAsync(Ct)).GetDatabase();
        var slots = LimitKey(visitor.VisitorId);

        // A node "ghost", silent for long, held the visitor's only slot; no presence record tells its reaper.
        await db.SortedSetAddAsync($"{_prefix}:nodes", "ghost", 1);
        await db.SetAddAsync(slots, "ghost:lost-connection");
        var connection = node.VisitorConnection(visitor.Token);
        _disposables.Add(connection);
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);

        await EventuallyAsync(async () => (await db.SetMembersAsync(slots)).Select(m => m.ToString()).SequenceEqual([$"{NodeIdOf(node)}:{connection.ConnectionId}"]));
        Assert.Equal(HubConnectionState.Connected, connection.State);
    }

    [Fact]
    public async Task TheReaperOfASilentNode_ReleasesItsConnectionsFromTheCallersLimits()
    {
        var node = await StartAsync();
        var visitor = await node.CreateVisitorAsync("Bob", Ct);
        var db = (await redis.GetConnectionAsync(Ct)).GetDatabase();
        var slots = LimitKey(visitor.VisitorId);

        await db.HashSetAsync($"{_prefix}:node:ghost:connections", "ghost-connection", $"{KefuTestServer.TenantId}|Visitor|{visitor.VisitorId}");
        await db.SetAddAsync(slots, "ghost:ghost-connection");
        await db.SortedSetAddAsync($"{_prefix}:nodes", "ghost", 1);

        await EventuallyAsync(async () => !await db.KeyExistsAsync(slots));
        Assert.False(await db.KeyExistsAsync($"{_prefix}:node:ghost:connections"));
    }

    /// <summary>Redis state written by the server after the client's call returned has no event to await.</summary>
    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "not within the timeout");
            await Task.Delay(50, Ct);
        }
    }

    private RedisKey LimitKey(string visitorId) => $"{_prefix}:limit:{{{KefuTestServer.TenantId}:Visitor:{visitorId}}}:connections";

    private static string NodeIdOf(KefuTestServer node) => node.Services.GetRequiredService<KefuHub.Server.Redis.RedisNodePresence>().NodeId;

    private async Task<KefuTestServer> StartAsync(int maxConnectionsPerVisitor = 5)
    {
        _prefix = redis.NewPrefix();
        var node = KefuTestServer.Start(new Dictionary<string, string?>
        {
            ["Kefu:Hubs:MaxConnectionsPerVisitor"] = maxConnectionsPerVisitor.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct),
            ["ConnectionStrings:Redis"] = await redis.GetConfigurationAsync(Ct),
            ["Redis:KeyPrefix"] = _prefix,
            ["Redis:HeartbeatSeconds"] = "1",
            ["Redis:NodeTimeoutSeconds"] = "3",
        });
        _disposables.Add(node);
        await node.ConfigureAsync(new TenantSettings { AgentOfflineGraceSeconds = 1 }, cancellationToken: Ct);
        return node;
    }

    private async Task<VisitorClient> ConnectVisitorAsync(KefuTestServer node)
    {
        var visitor = await node.CreateVisitorAsync("Bob", Ct);
        var connection = node.VisitorConnection(visitor.Token);
        _disposables.Add(connection);
        var client = new VisitorClient(visitor, connection);
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        return client;
    }
}
