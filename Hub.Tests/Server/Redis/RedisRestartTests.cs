using System.Collections.Concurrent;
using System.Diagnostics;
using KefuHub.Routing;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Redis;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Server.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace KefuHub.Tests.Server.Redis;

/// <summary>
/// Two nodes under load while their redis-server (their own, not the shared one) is killed and started
/// again, empty, on the same port: a crash of a Redis without persistence.
/// </summary>
public sealed class RedisRestartTests(PostgresServer postgres) : IAsyncLifetime
{
    private const int Max = 2;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Longest a call may take during the outage: Redis' own timeout (1 s here) times the routing retries, and some slack.</summary>
    private static readonly TimeSpan CallBound = TimeSpan.FromSeconds(5);

    private readonly RedisServer _redis = new();
    private readonly RecordingLoggerProvider _logs = new();
    private readonly TestNodes _nodes = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _nodes.DisposeAsync();

        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task RedisRestartedEmptyMidLoad_ServiceResumesByItself_NothingAcknowledgedIsLost_AndNoAgentExceedsItsMaximum()
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct),
            ["ConnectionStrings:Redis"] = await _redis.GetConfigurationAsync(Ct) + ",syncTimeout=1000,asyncTimeout=1000",
            ["Redis:KeyPrefix"] = _redis.NewPrefix(),
        };
        var a = Start(settings);
        var b = Start(settings);
        var agents = new[] { await OnlineAgentAsync(a, "alice@test"), await OnlineAgentAsync(b, "bob@test") };
        var visitors = new List<(VisitorClient Client, string SessionId)>();
        foreach (var node in new[] { a, b, a, b })
        {
            var visitor = await ConnectVisitorAsync(node);
            var started = await visitor.StartAsync();
            Assert.Equal("Processing", started.State);
            visitors.Add((visitor, started.ServiceSessionId!));
        }

        // Every visitor sends without pause; each call is timed and its answer kept.
        var acknowledged = new ConcurrentBag<(string SessionId, string ClientMessageId, long Seq)>();
        var refusals = new ConcurrentBag<string>();
        var slow = new ConcurrentBag<TimeSpan>();
        var restarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resumed = visitors.Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var load = visitors.Select((v, i) => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var clientMessageId = $"v{i}-m{n}";
                var afterRestart = restarted.Task.IsCompleted;
                var took = Stopwatch.StartNew();
                try
                {
                    var sent = await v.Client.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(v.SessionId, clientMessageId, "txt", clientMessageId), Ct);
                    acknowledged.Add((v.SessionId, clientMessageId, sent.Seq));
                    if (afterRestart)
                    {
                        resumed[i].TrySetResult();
                    }
                }
                catch (HubException ex)
                {
                    refusals.Add(ex.Message);
                }

                if (took.Elapsed >= CallBound)
                {
                    slow.Add(took.Elapsed);
                }

                await Task.Delay(50, Ct); // within the per-visitor call budget (30 per second)
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        _redis.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        await _redis.RestartAsync(Ct);
        restarted.TrySetResult();

        // Nobody does anything but go on sending: every visitor is served again within a bound.
        await Task.WhenAll(resumed.Select(r => r.Task)).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await stop.CancelAsync();
        await Task.WhenAll(load);

        Assert.Empty(slow);
        Assert.NotEmpty(refusals);
        var unclear = refusals.Where(r => !r.Contains("temporarily unavailable", StringComparison.Ordinal)).ToList();
        Assert.True(unclear.Count == 0, string.Join('\n', unclear.Take(3)) + "\nthe servers' errors:\n" + string.Join('\n', _logs.Entries
            .Where(e => e.Category == "KefuHub.Server.Hubs.HubErrorFilter" && e.Level >= LogLevel.Error && !e.Text.Contains(nameof(RoutingStoreUnavailableException), StringComparison.Ordinal))
            .Select(e => e.Text[..Math.Min(e.Text.Length, 3000)])
            .Take(3)));
        var store = a.Services.GetRequiredService<ISessionStore>();
        foreach (var (_, sessionId) in visitors)
        {
            var stored = (await store.GetMessagesAsync(KefuTestServer.TenantId, sessionId, 0, 500, Ct)).Where(m => m.From == MessageSender.Visitor).ToList();
            Assert.Equal(stored.Count, stored.Select(m => m.ClientMessageId).Distinct().Count());
            var bySeq = stored.ToDictionary(m => m.Seq, m => m.ClientMessageId);
            Assert.All(acknowledged.Where(m => m.SessionId == sessionId), m => Assert.Equal(m.ClientMessageId, bySeq.GetValueOrDefault(m.Seq)));
        }

        // Routing forgot the agents (rebuilt from the database, they are Offline): back Online, they serve
        // the four sessions again, two each, and never more, on either node's replica.
        foreach (var agent in agents)
        {
            await agent.Connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        }

        var late = await (await ConnectVisitorAsync(b)).StartAsync();
        Assert.Equal("Wait", late.State);
        foreach (var node in new[] { a, b })
        {
            var served = await node.Services.GetRequiredService<RoutingEngine>().ReadAsync(
                KefuTestServer.TenantId,
                s => agents.Select(agent => s.GetAgentSessions(agent.Agent.UserId).Count(session => session.State == SessionState.Processing)).ToList(),
                Ct);
            Assert.Equal([Max, Max], served);
        }
    }

    private KefuTestServer Start(IReadOnlyDictionary<string, string?> settings)
    {
        var node = KefuTestServer.Start(settings, services: s => s.AddSingleton<ILoggerProvider>(_logs));
        _nodes.Add(node);
        return node;
    }

    private async Task<AgentClient> OnlineAgentAsync(KefuTestServer node, string username)
    {
        var agent = await node.CreateAgentAsync(username, Max, Ct);
        var connection = Track(node.AgentConnection(agent.Token));
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        await connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        return new AgentClient(agent, connection);
    }

    private async Task<VisitorClient> ConnectVisitorAsync(KefuTestServer node)
    {
        var visitor = await node.CreateVisitorAsync("v", Ct);
        var connection = Track(node.VisitorConnection(visitor.Token));
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        return new VisitorClient(visitor, connection);
    }

    private HubConnection Track(HubConnection connection)
    {
        _nodes.Add(connection);
        return connection;
    }
}
