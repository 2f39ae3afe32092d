using BenchmarkDotNet.Attributes;
using KefuHub.Routing;
using KefuHub.Routing.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KefuHub.Benchmarks;

/// <summary>
/// Routing decisions per second for one tenant with 10 to 10,000 agents over 10 queues. One decision is
/// a new visitor's StartSession into a queue that gets Assigned, then the EndSession of that session, so
/// the state stays steady: every agent Online, enabled, max 5, carrying about half its capacity.
/// <see cref="Engine"/> goes through <see cref="RoutingEngine"/> and the in-memory store (lock, clock,
/// outcome handling); <see cref="StateMachine"/> applies the same commands to a bare
/// <see cref="TenantRoutingState"/>, to show the engine's overhead over the state machine.
/// </summary>
[MemoryDiagnoser]
public class RoutingDecisionBenchmarks
{
    /// <summary>Decision cycles per benchmark invocation; results are reported per decision.</summary>
    public const int Cycles = 1_000;

    /// <summary>The one tenant; also used by <see cref="RoutingStoreBenchmarks"/>.</summary>
    internal const int TenantId = 1;

    /// <summary>Queues of the steady state; also used by <see cref="RoutingStoreBenchmarks"/>.</summary>
    internal const int QueueCount = 10;

    /// <summary>Every agent's maxServiceSessionCount; the steady state carries half of it.</summary>
    internal const int MaxSessions = 5;

    private static readonly DateTimeOffset SetupTime = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero);

    private readonly string[] _sessionIds = new string[Cycles];
    private readonly string[] _visitorIds = new string[Cycles];
    private readonly RoutingActor[] _actors = new RoutingActor[Cycles];
    private readonly RoutingRequest[] _requests = new RoutingRequest[Cycles];
    private readonly RoutingCommand.StartSession[] _startCommands = new RoutingCommand.StartSession[Cycles];
    private readonly RoutingCommand.EndSession[] _endCommands = new RoutingCommand.EndSession[Cycles];

    private RoutingEngine _engine = null!;
    private TenantRoutingState _state = null!;

    [Params(10, 100, 1000, 10000)]
    public int Agents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        for (var i = 0; i < Cycles; i++)
        {
            _visitorIds[i] = "bench-visitor-" + i;
            _sessionIds[i] = "bench-session-" + i;
            _actors[i] = RoutingActor.Visitor(_visitorIds[i]);
            _requests[i] = new RoutingRequest(_sessionIds[i], _visitorIds[i], i % QueueCount);
            _startCommands[i] = new RoutingCommand.StartSession(SetupTime, _sessionIds[i], _visitorIds[i], i % QueueCount, null);
            _endCommands[i] = new RoutingCommand.EndSession(SetupTime, _actors[i], _sessionIds[i]);
        }

        var setup = SteadyStateCommands(Agents);

        var store = new InMemoryRoutingStateStore(Options.Create(new RoutingOptions()));
        foreach (var command in setup)
        {
            Expect(store.ExecuteAsync(TenantId, command).AsTask().GetAwaiter().GetResult().Decision, command);
        }

        _engine = new RoutingEngine(store, TimeProvider.System, [], NullLogger<RoutingEngine>.Instance);

        _state = new TenantRoutingState(TenantId, new RoutingOptions());
        foreach (var command in setup)
        {
            Expect(_state.Apply(command).Decision, command);
        }

        // A first round of each benchmark, checked decision by decision: every start must be Assigned
        // and every end must leave the state as it was, or the numbers would measure something else.
        Engine().GetAwaiter().GetResult();
        StateMachine();
        var before = _state.GetAgents().Sum(a => a.CurrentSessionCount);
        var expected = (Agents * MaxSessions) / 2;
        if (before != expected || _state.WaitingCount != 0)
        {
            throw new InvalidOperationException($"Not the steady state: {before} sessions (expected {expected}), {_state.WaitingCount} waiting.");
        }

        var engineLoad = _engine.ReadAsync(TenantId, s => (s.GetAgents().Sum(a => a.CurrentSessionCount), s.WaitingCount)).AsTask().GetAwaiter().GetResult();
        if (engineLoad != (expected, 0))
        {
            throw new InvalidOperationException($"Not the steady state through the engine: {engineLoad}.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _engine.Dispose();

    /// <summary>Through <see cref="RoutingEngine"/>: clock, store lock, outcome and deadline handling.</summary>
    [Benchmark(OperationsPerInvoke = Cycles)]
    public async Task Engine()
    {
        for (var i = 0; i < Cycles; i++)
        {
            var started = await _engine.StartSessionAsync(TenantId, _requests[i]).ConfigureAwait(false);
            if (started.Kind != RoutingDecisionKind.Assigned)
            {
                Fail(started);
            }

            var ended = await _engine.EndSessionAsync(TenantId, _actors[i], _sessionIds[i]).ConfigureAwait(false);
            if (ended.Kind != RoutingDecisionKind.Ended)
            {
                Fail(ended);
            }
        }
    }

    /// <summary>The same cycle applied straight to <see cref="TenantRoutingState.Apply"/> with prebuilt commands.</summary>
    [Benchmark(OperationsPerInvoke = Cycles)]
    public void StateMachine()
    {
        for (var i = 0; i < Cycles; i++)
        {
            var started = _state.Apply(_startCommands[i]).Decision;
            if (started.Kind != RoutingDecisionKind.Assigned)
            {
                Fail(started);
            }

            var ended = _state.Apply(_endCommands[i]).Decision;
            if (ended.Kind != RoutingDecisionKind.Ended)
            {
                Fail(ended);
            }
        }
    }

    /// <summary>
    /// Agents a0..a(n-1), each enabled, max 5, Online with one connection, in queue i % 10; one agent in
    /// ten is also in a second queue. Then n × 5 / 2 sessions round-robin over the queues, each Assigned
    /// to its queue's least busy agent, so every agent carries two or three. Shared with
    /// <see cref="RoutingStoreBenchmarks"/>, so both measure the same state.
    /// </summary>
    internal static List<RoutingCommand> SteadyStateCommands(int agents)
    {
        var commands = new List<RoutingCommand>();
        var members = new List<string>[QueueCount];
        for (var q = 0; q < QueueCount; q++)
        {
            members[q] = [];
        }

        for (var i = 0; i < agents; i++)
        {
            var id = "agent-" + i;
            commands.Add(new RoutingCommand.UpsertAgent(SetupTime, id, true, MaxSessions));
            commands.Add(new RoutingCommand.AgentConnected(SetupTime, id, "conn-" + id));
            members[i % QueueCount].Add(id);
            if (i % 10 == 0)
            {
                members[((i / 10) % (QueueCount - 1)) + 1].Add(id);
            }
        }

        for (var q = 0; q < QueueCount; q++)
        {
            commands.Add(new RoutingCommand.SetQueue(SetupTime, q, members[q]));
        }

        for (var i = 0; i < agents; i++)
        {
            commands.Add(new RoutingCommand.SetAgentState(SetupTime, "agent-" + i, AgentState.Online));
        }

        var load = (agents * MaxSessions) / 2;
        for (var s = 0; s < load; s++)
        {
            commands.Add(new RoutingCommand.StartSession(SetupTime, "load-session-" + s, "load-visitor-" + s, s % QueueCount, null));
        }

        return commands;
    }

    private static void Expect(RoutingDecision decision, RoutingCommand command)
    {
        var ok = command is RoutingCommand.StartSession
            ? decision.Kind == RoutingDecisionKind.Assigned
            : decision.Kind == RoutingDecisionKind.Applied;
        if (!ok)
        {
            Fail(decision);
        }
    }

    private static void Fail(RoutingDecision decision) =>
        throw new InvalidOperationException($"Unexpected decision {decision.Kind} ({decision.Error}: {decision.Message}).");
}
