using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using KefuHub.LoadTests.Hosting;
using KefuHub.Routing;
using KefuHub.Server.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KefuHub.Benchmarks;

/// <summary>
/// The decision cycle of <see cref="RoutingDecisionBenchmarks"/> (a new visitor's StartSession that gets
/// Assigned, then its EndSession: two routing commands, the state steady) through <see cref="RoutingEngine"/>
/// over the in-process <see cref="InMemoryRoutingStateStore"/> (the baseline) and over
/// <see cref="RedisRoutingStateStore"/> against a real <c>redis-server</c> that this benchmark starts on a
/// free loopback port, built as the server builds it (production multiplexer options, default
/// <see cref="RedisRoutingOptions"/>: a snapshot every 1,000 commands), one node.
/// </summary>
/// <remarks>
/// <c>Sequential</c>: one cycle at a time, so its mean is a cycle's latency. <c>Concurrent</c>:
/// <see cref="InFlight"/> workers started at once and awaited with Task.WhenAll, each running its share of
/// the cycles one after another, so that many commands are in flight. The in-memory store completes every
/// call synchronously, so its workers in fact run one after the other. Results are per cycle.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class RoutingStoreBenchmarks
{
    /// <summary>Decision cycles per benchmark invocation; results are reported per cycle.</summary>
    public const int Cycles = 1_000;

    /// <summary>Cycles in flight at once in the concurrent benchmarks.</summary>
    public const int InFlight = 16;

    private const string Sequential = "Sequential";
    private const string Concurrent = "Concurrent";
    private const int TenantId = RoutingDecisionBenchmarks.TenantId;

    private readonly string[] _sessionIds = new string[Cycles];
    private readonly RoutingActor[] _actors = new RoutingActor[Cycles];
    private readonly RoutingRequest[] _requests = new RoutingRequest[Cycles];

    private RoutingEngine? _engine;
    private RedisRoutingStateStore? _redisStore;
    private ConnectionMultiplexer? _connection;
    private RedisInstance? _server;

    [Params(100, 1000)]
    public int Agents { get; set; }

    [GlobalSetup(Targets = [nameof(InMemorySequential), nameof(InMemoryConcurrent)])]
    public void SetupInMemory() => Setup(new InMemoryRoutingStateStore(Options.Create(new RoutingOptions())));

    [GlobalSetup(Targets = [nameof(RedisSequential), nameof(RedisConcurrent)])]
    public void SetupRedis()
    {
        _server = RedisInstance.StartAsync(CancellationToken.None).GetAwaiter().GetResult();

        // As RedisHostingExtensions.AddKefuRedis connects and builds the store (without a seed: nothing durable to seed from).
        var options = ConfigurationOptions.Parse(_server.ConnectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ClientName = "kefu-bench-" + Environment.ProcessId;
        _connection = ConnectionMultiplexer.Connect(options);
        _redisStore = new RedisRoutingStateStore(
            _connection,
            Options.Create(new RoutingOptions()),
            Options.Create(new RedisRoutingOptions { KeyPrefix = "bench" }),
            NullLogger<RedisRoutingStateStore>.Instance);
        Setup(_redisStore);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _engine?.Dispose();
        _redisStore?.Dispose();
        _connection?.Dispose();
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>One cycle at a time through the engine over the in-process store.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Cycles)]
    [BenchmarkCategory(Sequential)]
    public Task InMemorySequential() => CyclesAsync(0, 1);

    /// <summary>One cycle at a time through the engine over the Redis store.</summary>
    [Benchmark(OperationsPerInvoke = Cycles)]
    [BenchmarkCategory(Sequential)]
    public Task RedisSequential() => CyclesAsync(0, 1);

    /// <summary><see cref="InFlight"/> workers at once over the in-process store (they run one after the other).</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Cycles)]
    [BenchmarkCategory(Concurrent)]
    public Task InMemoryConcurrent() => ConcurrentCyclesAsync();

    /// <summary><see cref="InFlight"/> workers at once over the Redis store.</summary>
    [Benchmark(OperationsPerInvoke = Cycles)]
    [BenchmarkCategory(Concurrent)]
    public Task RedisConcurrent() => ConcurrentCyclesAsync();

    private void Setup(IRoutingStateStore store)
    {
        for (var i = 0; i < Cycles; i++)
        {
            var visitorId = "bench-visitor-" + i;
            _sessionIds[i] = "bench-session-" + i;
            _actors[i] = RoutingActor.Visitor(visitorId);
            _requests[i] = new RoutingRequest(_sessionIds[i], visitorId, i % RoutingDecisionBenchmarks.QueueCount);
        }

        foreach (var command in RoutingDecisionBenchmarks.SteadyStateCommands(Agents))
        {
            var decision = store.ExecuteAsync(TenantId, command).AsTask().GetAwaiter().GetResult().Decision;
            var ok = command is RoutingCommand.StartSession
                ? decision.Kind == RoutingDecisionKind.Assigned
                : decision.Kind == RoutingDecisionKind.Applied;
            if (!ok)
            {
                Fail(decision);
            }
        }

        _engine = new RoutingEngine(store, TimeProvider.System, [], NullLogger<RoutingEngine>.Instance);

        // A first round of both shapes, checked decision by decision, and the state checked after it: every
        // start Assigned and every end leaving the state as it was, or the numbers would measure something else.
        CyclesAsync(0, 1).GetAwaiter().GetResult();
        ConcurrentCyclesAsync().GetAwaiter().GetResult();
        var expected = (Agents * RoutingDecisionBenchmarks.MaxSessions) / 2;
        var load = _engine.ReadAsync(TenantId, s => (s.GetAgents().Sum(a => a.CurrentSessionCount), s.WaitingCount)).AsTask().GetAwaiter().GetResult();
        if (load != (expected, 0))
        {
            throw new InvalidOperationException($"Not the steady state: {load} (sessions, waiting), expected ({expected}, 0).");
        }
    }

    private Task ConcurrentCyclesAsync()
    {
        var workers = new Task[InFlight];
        for (var w = 0; w < InFlight; w++)
        {
            workers[w] = CyclesAsync(w, InFlight);
        }

        return Task.WhenAll(workers);
    }

    /// <summary>Cycles first, first + step, … below <see cref="Cycles"/>, one after another.</summary>
    private async Task CyclesAsync(int first, int step)
    {
        var engine = _engine!;
        for (var i = first; i < Cycles; i += step)
        {
            var started = await engine.StartSessionAsync(TenantId, _requests[i]).ConfigureAwait(false);
            if (started.Kind != RoutingDecisionKind.Assigned)
            {
                Fail(started);
            }

            var ended = await engine.EndSessionAsync(TenantId, _actors[i], _sessionIds[i]).ConfigureAwait(false);
            if (ended.Kind != RoutingDecisionKind.Ended)
            {
                Fail(ended);
            }
        }
    }

    private static void Fail(RoutingDecision decision) =>
        throw new InvalidOperationException($"Unexpected decision {decision.Kind} ({decision.Error}: {decision.Message}).");
}
