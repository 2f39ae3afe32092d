using System.Collections.Concurrent;
using KefuHub.Routing;
using KefuHub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Server.Redis;

/// <summary>
/// Rule 9 on three nodes under load: a thousand sessions arrive spread over three hub nodes (one
/// redis-server, one PostgreSQL) while agents on all three turn Busy and Online, race to pick, transfer
/// and close at random. Every replica is checked while it runs; the database and the acknowledgements after.
/// <see cref="ScaleOutProcessTests"/> runs the same with the nodes as processes of their own.
/// </summary>
public sealed class ScaleOutStressTests(RedisServer redis, PostgresServer postgres) : IAsyncLifetime
{
    private const int Visitors = 1000;
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
        var database = await postgres.CreateDatabaseAsync(Ct);
        var settings = new Dictionary<string, string?>(ScaleOutStress.Limits.Select(l => KeyValuePair.Create(l.Key, (string?)l.Value)))
        {
            ["ConnectionStrings:Postgres"] = database,
            ["ConnectionStrings:Redis"] = await redis.GetConfigurationAsync(Ct),
            ["Redis:KeyPrefix"] = redis.NewPrefix(),
        };
        for (var i = 0; i < 3; i++)
        {
            _nodes.Add(KefuTestServer.Start(settings));
        }

        var violations = new ConcurrentQueue<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var agents = new List<StressAgent>();
        for (var i = 0; i < ScaleOutStress.Agents; i++)
        {
            var node = _nodes[i % 3];
            var agent = await node.CreateAgentAsync($"agent{i}@test", ScaleOutStress.Capacity, Ct);
            var connection = node.AgentConnection(agent.Token);
            _nodes.Add(connection);
            agents.Add(new StressAgent(connection, agent.Username, ScaleOutStress.Capacity, ScaleOutStress.Agents, violations));
            await agents[^1].StartAsync(stop.Token);
        }

        var sampler = SampleReplicasAsync(violations, stop.Token);
        var engine = _nodes[0].Services.GetRequiredService<RoutingEngine>();
        var visits = new ConcurrentQueue<StressVisit>();
        await Parallel.ForAsync(0, Visitors, new ParallelOptions { MaxDegreeOfParallelism = ScaleOutStress.VisitorsAtOnce, CancellationToken = Ct }, async (i, ct) =>
        {
            var node = _nodes[i % 3];
            var visitor = await node.CreateVisitorAsync($"v{i}", ct);
            await using var connection = node.VisitorConnection(visitor.Token);
            visits.Enqueue(await ScaleOutStress.VisitAsync(connection, visitor, i, Timeout, async (id, ct) =>
                $"routing has it as {await engine.ReadAsync(KefuTestServer.TenantId, s => s.GetSession(id), ct)}; {StressAgent.Describe(agents, id)}", ct));
        });

        await stop.CancelAsync();
        await sampler;
        Assert.True(violations.IsEmpty, string.Join("\n", violations.Take(20)));
        Assert.Empty(StressAgent.FindSessionsHeldTwice(agents));
        StressAgent.Report(agents);

        Assert.Empty(await engine.ReadAsync(KefuTestServer.TenantId, s => s.FindInvariantViolations(), Ct));
        Assert.Equal(0, await engine.ReadAsync(KefuTestServer.TenantId, s => s.GetWaiting(int.MaxValue).Count, Ct));
        Assert.Equal(Visitors, visits.Count);
        var stored = await ScaleOutStress.FindStoredProblemsAsync(database, visits, Ct);
        Assert.True(stored.Count == 0, string.Join("\n", stored.Take(20)));
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
}
