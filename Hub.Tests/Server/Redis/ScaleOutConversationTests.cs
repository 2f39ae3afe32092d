using System.Net.Http.Json;
using KefuHub.Server.Cluster;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Redis;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Server.Hubs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KefuHub.Tests.Server.Redis;

/// <summary>
/// Several hub nodes (each its own host, DI container and Kestrel port on loopback) sharing one
/// redis-server and one PostgreSQL database, with clients spread over them.
/// </summary>
public sealed class ScaleOutConversationTests(RedisServer redis, PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TestNodes _nodes = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task VisitorOnNodeAAndAgentOnNodeB_HoldAWholeConversation()
    {
        var (a, b) = await StartTwoAsync();
        var alice = await OnlineAgentAsync(b, "alice@test");
        var visitor = await ConnectVisitorAsync(a, "Bob");

        var started = await visitor.StartAsync(new StartSessionRequest(Text: "hello from node A"));

        Assert.Equal("Processing", started.State);
        Assert.Equal("Nice alice@test", started.Agent!.Nicename);
        var id = started.ServiceSessionId!;
        Assert.Equal(id, (await alice.Assigned.NextAsync()).Session.ServiceSessionId);
        Assert.Equal("hello from node A", (await alice.Messages.NextAsync(m => m.From == "visitor")).Text);

        var sent = await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "order 42"), Ct);
        Assert.Equal("order 42", (await alice.Messages.NextAsync(m => m.Seq == sent.Seq)).Text);

        await alice.Connection.InvokeAsync("Typing", new TypingRequest(id, true), Ct);
        Assert.True((await visitor.Typing.NextAsync()).Typing);
        await visitor.Connection.InvokeAsync("Typing", new TypingRequest(id, true), Ct);
        Assert.Equal(id, (await alice.Typing.NextAsync()).ServiceSessionId);

        var reply = await alice.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "refunded"), Ct);
        Assert.Equal(sent.Seq + 1, reply.Seq);
        Assert.Equal("refunded", (await visitor.Messages.NextAsync(m => m.Seq == reply.Seq)).Text);

        await alice.Connection.InvokeAsync("Close", new CloseRequest(id, null, "solved"), Ct);
        Assert.Equal("Terminal", (await visitor.States.NextAsync(s => s.State != "Processing")).State);

        var history = await visitor.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(id), Ct);
        Assert.Equal(["hello from node A", "order 42", "refunded"], history.Select(m => m.Text));
        var stored = await a.Services.GetRequiredService<ISessionStore>().GetSessionAsync(KefuTestServer.TenantId, id, Ct);
        Assert.Equal(KefuHub.Routing.SessionState.Terminal, stored!.State);
        Assert.Equal(alice.Agent.UserId, stored.AgentUserId);
    }

    [Fact]
    public async Task ASessionAssignedThroughNodeA_IsWritableAtOnceOnNodeB_ThoughBHasNotHeardOfItYet()
    {
        var (a, b) = await StartTwoAsync();
        var alice = await OnlineAgentAsync(b, "alice@test");
        var storeOfB = b.Services.GetRequiredService<RedisRoutingStateStore>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            // Until B answers recent reads from its replica, without a round trip.
            var calls = storeOfB.RouteCalls;
            await storeOfB.ReadRecentAsync(KefuTestServer.TenantId, s => 0, Ct);
            if (storeOfB.RouteCalls == calls)
            {
                break;
            }

            Assert.True(waited.Elapsed < Timeout, "node B never answered a recent read from its replica");
            await Task.Delay(20, Ct);
        }

        // B stops hearing other nodes' appends, without an error: for a moment it trusts a replica that misses them.
        var prefix = b.Services.GetRequiredService<IOptions<RedisRoutingOptions>>().Value.KeyPrefix;
        await b.Services.GetRequiredService<IConnectionMultiplexer>().GetSubscriber().UnsubscribeAsync(RedisChannel.Literal(prefix + ":routing:appended"));
        var visitor = await ConnectVisitorAsync(a, "Bob");
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        Assert.Equal(id, (await alice.Assigned.NextAsync()).Session.ServiceSessionId);

        var reply = await alice.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "alice here"), Ct);

        Assert.Equal("alice here", (await visitor.Messages.NextAsync(m => m.Seq == reply.Seq)).Text);
    }

    [Fact]
    public async Task ThreeNodes_TransferFromAnAgentOnBToAnAgentOnC_ReachesTheVisitorOnA()
    {
        var (a, b, c) = await StartThreeAsync();
        var alice = await OnlineAgentAsync(b, "alice@test", max: 1);
        var visitor = await ConnectVisitorAsync(a, "Bob");
        var id = (await visitor.StartAsync(new StartSessionRequest(Text: "hi"))).ServiceSessionId!;
        Assert.Equal(id, (await alice.Assigned.NextAsync()).Session.ServiceSessionId);
        var carol = await OnlineAgentAsync(c, "carol@test", max: 1);

        await alice.Connection.InvokeAsync("Transfer", new TransferRequest(id, ToAgentUsername: "carol@test"), Ct);

        Assert.Equal(id, (await carol.Assigned.NextAsync()).Session.ServiceSessionId);
        var reply = await carol.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "carol here"), Ct);
        Assert.Equal("carol here", (await visitor.Messages.NextAsync(m => m.Seq == reply.Seq)).Text);
        var sent = await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "thanks"), Ct);
        Assert.Equal("thanks", (await carol.Messages.NextAsync(m => m.Seq == sent.Seq)).Text);

        // A new visitor on C now goes to alice on B, whose slot the transfer freed.
        var second = await ConnectVisitorAsync(c, "Eve");
        var started = await second.StartAsync();
        Assert.Equal(("Processing", "Nice alice@test"), (started.State, started.Agent?.Nicename));
    }

    [Fact]
    public async Task ThreeNodes_AQueuePositionChangedThroughC_ReachesTheVisitorOnAOnce()
    {
        var (a, b, c) = await StartThreeAsync();
        var alice = await OnlineAgentAsync(c, "alice@test", max: 1);
        var served = await ConnectVisitorAsync(a, "First");
        var next = await ConnectVisitorAsync(b, "Second");
        var last = await ConnectVisitorAsync(a, "Third");
        var servedId = (await served.StartAsync()).ServiceSessionId!;
        var second = await next.StartAsync();
        Assert.Equal(("Wait", 1), (second.State, second.QueuePosition));
        var third = await last.StartAsync();
        Assert.Equal(("Wait", 2), (third.State, third.QueuePosition));

        await alice.Connection.InvokeAsync("Close", new CloseRequest(servedId), Ct);

        Assert.Equal(second.ServiceSessionId, (await next.States.NextAsync(s => s.State == "Processing")).ServiceSessionId);
        var moved = await last.Positions.NextAsync(p => p.Position == 1);
        Assert.Equal(third.ServiceSessionId, moved.ServiceSessionId);
        // Pushed once per change, by the node that made it, not once per node that replays it.
        Assert.True(await last.Positions.NoneAsync(p => p.Position == 1, TimeSpan.FromSeconds(2)), "the same position was pushed twice");
    }

    [Fact]
    public async Task RedisLosingItsData_IsRebuiltFromTheDatabase_AndServiceResumesByItself()
    {
        var settings = await SettingsAsync();
        var a = Start(settings);
        var b = Start(settings);
        var alice = await OnlineAgentAsync(b, "alice@test", max: 1);
        var first = await ConnectVisitorAsync(a, "first");
        var served = (await first.StartAsync(new StartSessionRequest(Text: "one"))).ServiceSessionId!;
        var second = await ConnectVisitorAsync(b, "second");
        var waiting = await second.StartAsync(new StartSessionRequest(Text: "two"));
        Assert.Equal("Wait", waiting.State);

        // As if Redis restarted empty: every key of this deployment is gone.
        var connection = await redis.GetConnectionAsync(Ct);
        var server = connection.GetServers().Single();
        var keys = new List<StackExchange.Redis.RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: settings["Redis:KeyPrefix"] + ":*"))
        {
            keys.Add(key);
        }

        Assert.NotEmpty(keys);
        await connection.GetDatabase().KeyDeleteAsync([.. keys]);

        // The next call on any node notices, one node rebuilds from PostgreSQL, and the call goes through.
        var third = await ConnectVisitorAsync(a, "third");
        var late = await third.StartAsync(new StartSessionRequest(Text: "three"));
        Assert.Equal("Wait", late.State);
        var order = await a.Services.GetRequiredService<KefuHub.Routing.RoutingEngine>()
            .ReadAsync(KefuTestServer.TenantId, s => s.GetWaiting(10).Select(w => w.SessionId).ToList(), Ct);
        Assert.Equal([served, waiting.ServiceSessionId!, late.ServiceSessionId!], order);

        // Alice comes back Online (routing forgot her): she is given the oldest session again.
        await alice.Connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        Assert.Equal(served, (await alice.Assigned.NextAsync(e => e.Session.ServiceSessionId == served)).Session.ServiceSessionId);
        var reply = await alice.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(served, "still here"), Ct);
        Assert.Equal("still here", (await first.Messages.NextAsync(m => m.Seq == reply.Seq)).Text);
    }

    [Fact]
    public async Task DisablingAnAgentThroughNodeA_ClosesItsConnectionOnNodeB()
    {
        var (a, b) = await StartTwoAsync();
        var alice = await OnlineAgentAsync(b, "alice@test");
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        alice.Connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        var admin = await a.LoginAsync(KefuTestServer.AdminUsername, KefuTestServer.AdminPassword, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/tenants/1/agent/disable") { Content = JsonContent.Create(new { username = "alice@test" }) };
        request.Headers.Add("Kefu-Token", admin);
        (await a.Http.SendAsync(request, Ct)).EnsureSuccessStatusCode();

        await closed.Task.WaitAsync(Timeout, Ct);
        Assert.Equal(HubConnectionState.Disconnected, alice.Connection.State);
    }

    [Fact]
    public async Task DisablingATenantThroughNodeA_ClosesItsConnectionsOnNodeB()
    {
        var (a, b) = await StartTwoAsync();
        var tenant = await a.CreateTenantAsync("Two", "admin@two", "password-two", Ct);
        var visitor = await b.CreateVisitorInAsync(tenant.TenantId, "Bob", Ct);
        var connection = Track(b.VisitorConnection(visitor.Token));
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/operator/tenants/{tenant.TenantId}") { Content = JsonContent.Create(new { enabled = false }) };
        request.Headers.Authorization = new("Bearer", KefuTestServer.OperatorKey);
        (await a.Http.SendAsync(request, Ct)).EnsureSuccessStatusCode();

        await closed.Task.WaitAsync(Timeout, Ct);
    }

    [Fact]
    public async Task RevokingAVisitorsTokensThroughNodeA_ClosesItsConnectionOnNodeB()
    {
        var (a, b) = await StartTwoAsync();
        var visitor = await b.CreateVisitorAsync("Bob", Ct);
        var bystander = await b.CreateVisitorAsync("Carol", Ct);
        var connection = Track(b.VisitorConnection(visitor.Token));
        var other = Track(b.VisitorConnection(bystander.Token));
        await Task.WhenAll(connection.StartAsync(Ct), other.StartAsync(Ct)).WaitAsync(Timeout, Ct);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };

        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/tenants/1/visitors/{visitor.VisitorId}/tokens");
        request.Headers.Add("Kefu-Token", visitor.Token);
        (await a.Http.SendAsync(request, Ct)).EnsureSuccessStatusCode();

        await closed.Task.WaitAsync(Timeout, Ct);
        Assert.Equal(HubConnectionState.Connected, other.State);
    }

    [Fact]
    public async Task SettingsChangedThroughNodeA_DropNodeBsCachedCopyAtOnce()
    {
        var (a, b) = await StartTwoAsync();
        var cacheOnB = b.Services.GetRequiredService<TenantSettingsCache>();
        Assert.NotEqual("Welcome, from A", (await cacheOnB.GetAsync(KefuTestServer.TenantId, Ct)).WelcomeMessage);
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.Services.GetRequiredService<IClusterSignals>().Subscribe(signal =>
        {
            if (signal is { Kind: ClusterSignalKind.TenantSettingsChanged, TenantId: KefuTestServer.TenantId })
            {
                heard.TrySetResult();
            }
        });

        var admin = await a.LoginAsync(KefuTestServer.AdminUsername, KefuTestServer.AdminPassword, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/tenants/1/settings") { Content = JsonContent.Create(new { welcomeMessage = "Welcome, from A" }) };
        request.Headers.Add("Kefu-Token", admin);
        (await a.Http.SendAsync(request, Ct)).EnsureSuccessStatusCode();

        // B's copy lives 5 s; the signal must drop it well before.
        await heard.Task.WaitAsync(TimeSpan.FromSeconds(3), Ct);
        Assert.Equal("Welcome, from A", (await cacheOnB.GetAsync(KefuTestServer.TenantId, Ct)).WelcomeMessage);
    }

    [Fact]
    public async Task PushesLostWhileANodeReconnectsToRedis_AreRecoveredByAClientThatFillsSeqGaps()
    {
        // A redis-server of its own: the test lowers its client maximum, which would refuse every other test.
        await using var own = new RedisServer();
        var configuration = await own.GetConfigurationAsync(Ct);
        await using var admin = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(configuration + ",allowAdmin=true");
        var server = admin.GetServers().Single();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct),
            ["ConnectionStrings:Redis"] = configuration,
            ["Redis:KeyPrefix"] = own.NewPrefix(),
        };
        var a = Start(new Dictionary<string, string?>(settings) { ["ConnectionStrings:Redis"] = configuration + ",name=node-a" });
        var b = Start(settings);
        var alice = await OnlineAgentAsync(b, "alice@test");
        var visitor = await ConnectVisitorAsync(a, "Bob");
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        var inbox = await GapFillingInbox.StartAsync(visitor.Connection, id, Ct);
        var sent = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            sent.Add((await alice.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, $"before {i}"), Ct)).Seq);
        }

        // A's connections, its backplane subscription among them, are killed and cannot come back (Redis
        // takes no more clients) while alice, on B, goes on writing: what B publishes never reaches A.
        var clients = await server.ClientListAsync();
        var ofA = clients.Where(c => c.Name == "node-a").ToList();
        Assert.NotEmpty(ofA);
        await server.ConfigSetAsync("maxclients", clients.Length - ofA.Count);
        foreach (var client in ofA)
        {
            await server.ExecuteAsync("CLIENT", "KILL", "ID", client.Id);
        }

        for (var i = 0; i < 5; i++)
        {
            sent.Add((await alice.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, $"meanwhile {i}"), Ct)).Seq);
        }

        await server.ConfigSetAsync("maxclients", 10000);
        var redisOfA = a.Services.GetRequiredService<StackExchange.Redis.IConnectionMultiplexer>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!redisOfA.IsConnected)
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(20), "node A did not reconnect to Redis");
            await Task.Delay(50, Ct); // the multiplexer reconnects by itself: nothing to await
        }

        // A client notices a gap at the next push only.
        sent.Add((await alice.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "after"), Ct)).Seq);
        await inbox.WaitForAsync(sent[^1], Timeout, Ct);

        Assert.True(inbox.GapsFilled > 0, "no push was lost: the test did not exercise a gap");
        var stored = await a.Services.GetRequiredService<ISessionStore>().GetMessagesAsync(KefuTestServer.TenantId, id, 0, 500, Ct);
        Assert.Equal(stored.Select(m => m.Seq), inbox.Shown.Select(m => m.Seq));
        Assert.Subset(inbox.Shown.Select(m => m.Seq).ToHashSet(), sent.ToHashSet());
    }

    private async Task<Dictionary<string, string?>> SettingsAsync() => new()
    {
        ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct),
        ["ConnectionStrings:Redis"] = await redis.GetConfigurationAsync(Ct),
        ["Redis:KeyPrefix"] = redis.NewPrefix(),
    };

    private async Task<(KefuTestServer A, KefuTestServer B)> StartTwoAsync()
    {
        var settings = await SettingsAsync();
        return (Start(settings), Start(settings));
    }

    private async Task<(KefuTestServer A, KefuTestServer B, KefuTestServer C)> StartThreeAsync()
    {
        var settings = await SettingsAsync();
        return (Start(settings), Start(settings), Start(settings));
    }

    private KefuTestServer Start(IReadOnlyDictionary<string, string?> settings)
    {
        var node = KefuTestServer.Start(settings);
        _nodes.Add(node);
        return node;
    }

    private async Task<AgentClient> OnlineAgentAsync(KefuTestServer node, string username, int max = 2)
    {
        var agent = await node.CreateAgentAsync(username, max, Ct);
        var connection = Track(node.AgentConnection(agent.Token));
        var client = new AgentClient(agent, connection);
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        await connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        return client;
    }

    private async Task<VisitorClient> ConnectVisitorAsync(KefuTestServer node, string nickname)
    {
        var visitor = await node.CreateVisitorAsync(nickname, Ct);
        var connection = Track(node.VisitorConnection(visitor.Token));
        var client = new VisitorClient(visitor, connection);
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        return client;
    }

    private HubConnection Track(HubConnection connection)
    {
        _nodes.Add(connection);
        return connection;
    }

    private static SendMessageRequest Text(string sessionId, string text) => new(sessionId, Guid.NewGuid().ToString(), "txt", text);
}
