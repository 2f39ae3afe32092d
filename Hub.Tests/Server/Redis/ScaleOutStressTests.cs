using System.Collections.Concurrent;
using KefuHub.Routing;
using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Server.Redis;

/// <summary>
/// Rule 9 on three nodes under load: a thousand sessions arrive spread over three hub nodes (one
/// redis-server, one PostgreSQL) while agents on all three turn Busy and Online, race to pick, transfer
/// and close at random. Every replica is checked while it runs; the database and the acknowledgements after.
/// </summary>
public sealed class ScaleOutStressTests(RedisServer redis, PostgresServer postgres) : IAsyncLifetime
{
    private const int Visitors = 1000;
    private const int Agents = 9;
    private const int Capacity = 3;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private readonly TestNodes _nodes = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task AThousandSessionsOverThreeNodes_WithStateChangesPicksTransfersAndCloses_KeepEveryInvariant()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct),
            ["ConnectionStrings:Redis"] = await redis.GetConfigurationAsync(Ct),
            ["Redis:KeyPrefix"] = redis.NewPrefix(),
            ["Kefu:Api:VisitorSignUpsPerMinute"] = "100000",
            // Nine agents carry a thousand sessions: lift the per-caller call budget, as the load tests do.
            ["Kefu:Hubs:CallsPerSecond"] = "100000",
            ["Kefu:Hubs:CallBurst"] = "100000",
            ["Kefu:Hubs:CallerCallsPerSecond"] = "100000",
            ["Kefu:Hubs:CallerCallBurst"] = "100000",
        };
        for (var i = 0; i < 3; i++)
        {
            _nodes.Add(KefuTestServer.Start(settings));
        }

        var violations = new ConcurrentQueue<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var agents = new List<HubConnection>();
        for (var i = 0; i < Agents; i++)
        {
            agents.Add(await AgentAsync(_nodes[i % 3], $"agent{i}@test", violations, stop.Token));
        }

        var sampler = SampleReplicasAsync(violations, stop.Token);
        var acknowledged = new ConcurrentQueue<(string SessionId, long Seq, string Text)>();
        await Parallel.ForAsync(0, Visitors, new ParallelOptions { MaxDegreeOfParallelism = 24, CancellationToken = Ct }, async (i, ct) =>
        {
            var node = _nodes[i % 3];
            var visitor = await node.CreateVisitorAsync($"v{i}", ct);
            await using var connection = node.VisitorConnection(visitor.Token);
            var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            connection.On<SessionStateEvent>(ClientEvents.SessionState, s =>
            {
                if (s.State is "Terminal" or "Abort")
                {
                    ended.TrySetResult();
                }
            });
            await connection.StartAsync(ct);
            var started = await connection.InvokeAsync<StartSessionResult>("StartSession", new StartSessionRequest(), ct);
            var id = started.ServiceSessionId!;
            var text = $"hello {i}";
            var sent = await connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(id, $"c{i}", "txt", text), ct);
            acknowledged.Enqueue((id, sent.Seq, text));
            try
            {
                await ended.Task.WaitAsync(Timeout, ct);
            }
            catch (TimeoutException)
            {
                var routed = await _nodes[0].Services.GetRequiredService<RoutingEngine>().ReadAsync(KefuTestServer.TenantId, s => s.GetSession(id), ct);
                Assert.Fail($"session {id} never ended: routing has it as {routed}");
            }
        });

        await stop.CancelAsync();
        await sampler;
        Assert.True(violations.IsEmpty, string.Join("\n", violations.Take(20)));

        var engine = _nodes[0].Services.GetRequiredService<RoutingEngine>();
        Assert.Empty(await engine.ReadAsync(KefuTestServer.TenantId, s => s.FindInvariantViolations(), Ct));
        Assert.Equal(0, await engine.ReadAsync(KefuTestServer.TenantId, s => s.GetWaiting(int.MaxValue).Count, Ct));
        var store = _nodes[0].Services.GetRequiredService<ISessionStore>();
        var missing = new ConcurrentQueue<string>();
        await Parallel.ForEachAsync(acknowledged, Ct, async (ack, ct) =>
        {
            var stored = await store.GetMessagesAsync(KefuTestServer.TenantId, ack.SessionId, ack.Seq - 1, 1, ct);
            if (stored is not [{ } message] || message.Seq != ack.Seq || message.Text != ack.Text)
            {
                missing.Enqueue($"{ack.SessionId} seq {ack.Seq}");
            }

            if ((await store.GetSessionAsync(KefuTestServer.TenantId, ack.SessionId, ct))?.State is not (SessionState.Terminal or SessionState.Abort))
            {
                missing.Enqueue($"{ack.SessionId} not closed in the database");
            }
        });
        Assert.Equal(Visitors, acknowledged.Count);
        Assert.True(missing.IsEmpty, string.Join("\n", missing.Take(20)));
    }

    /// <summary>An agent that closes or transfers what it is given, flips between Busy and Online, and picks while it can.</summary>
    private async Task<HubConnection> AgentAsync(KefuTestServer node, string username, ConcurrentQueue<string> problems, CancellationToken stop)
    {
        var agent = await node.CreateAgentAsync(username, Capacity, Ct);
        var connection = node.AgentConnection(agent.Token);
        _nodes.Add(connection);
        var random = new Random(username.GetHashCode(StringComparison.Ordinal));
        // A session is handled once the visitor has spoken: at the visitor's message, or at once when the
        // message came before the assignment (sent while the session waited, or before a transfer).
        connection.On<MessageEvent>(ClientEvents.Message, m =>
        {
            if (m.From == "visitor")
            {
                _ = Task.Run(() => HandleAsync(connection, m.ServiceSessionId, Next(random, 100), problems));
            }
        });
        connection.On<SessionAssignedEvent>(ClientEvents.SessionAssigned, e => _ = Task.Run(async () =>
        {
            var id = e.Session.ServiceSessionId;
            try
            {
                var messages = await connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(id));
                if (messages.Any(m => m.From == "visitor"))
                {
                    await HandleAsync(connection, id, Next(random, 100), problems);
                }
            }
            catch (HubException)
            {
                // Closed or moved on meanwhile.
            }
        }));
        await connection.StartAsync(Ct);
        await connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        _ = Task.Run(() => FlipAndPickAsync(connection, new Random(Next(random, int.MaxValue)), stop), CancellationToken.None);
        return connection;
    }

    private static async Task HandleAsync(HubConnection connection, string sessionId, int roll, ConcurrentQueue<string> problems)
    {
        try
        {
            await Task.Delay(roll % 20);
            if (roll < 20)
            {
                try
                {
                    await connection.InvokeAsync("Transfer", new TransferRequest(sessionId, $"agent{roll % Agents}@test"));
                    return; // the receiving agent closes it
                }
                catch (HubException)
                {
                    // Full, offline, or itself: close instead.
                }
            }

            await connection.InvokeAsync("Close", new CloseRequest(sessionId));
        }
        catch (HubException)
        {
            // Transferred away or closed meanwhile by a race that routing refused: nothing broken.
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            problems.Enqueue($"agent call for {sessionId}: {exception.Message}");
        }
    }

    private static async Task FlipAndPickAsync(HubConnection connection, Random random, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(50 + random.Next(150), stop);
                await connection.InvokeAsync("SetState", new SetStateRequest("Busy"), stop);
                var workspace = await connection.InvokeAsync<WorkspaceResult>("GetWorkspace", stop);
                if (workspace.Waiting.Items is [var oldest, ..])
                {
                    try
                    {
                        // Handled as any assignment (its push), once the visitor has spoken.
                        await connection.InvokeAsync<SessionView>("Pick", new SessionRequest(oldest.ServiceSessionId), stop);
                    }
                    catch (HubException)
                    {
                        // Another agent or the router took it first: the race this test is about.
                    }
                }

                await Task.Delay(random.Next(100), stop);
                await connection.InvokeAsync("SetState", new SetStateRequest("Online"), stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SampleReplicasAsync(ConcurrentQueue<string> violations, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var node in _nodes.All)
                {
                    foreach (var problem in await node.Services.GetRequiredService<RoutingEngine>().ReadAsync(KefuTestServer.TenantId, s => s.FindInvariantViolations(), stop))
                    {
                        violations.Enqueue(problem);
                    }
                }

                await Task.Delay(100, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static int Next(Random random, int max)
    {
        lock (random)
        {
            return random.Next(max);
        }
    }
}
