using KefuHub.Routing;
using KefuHub.Routing.State;
using KefuHub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KefuHub.Tests.Routing;

/// <summary>What the engine adds around a store: event order, timers, DI.</summary>
public sealed class RoutingEngineTests
{
    private const int Tenant = 1;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static InMemoryRoutingStateStore NewStore() => new(Options.Create(new RoutingOptions()));

    [Fact]
    public async Task Events_ReachSinksInCommandOrder_EvenWhenAnEarlierPublishIsSlow()
    {
        var sink = new GatedSink();
        using var engine = new RoutingEngine(NewStore(), TestClock.Create(), [sink], NullLogger<RoutingEngine>.Instance);
        await engine.UpsertAgentAsync(Tenant, "alice", true, 1, Ct);
        await engine.SetAgentStateAsync(Tenant, "alice", AgentState.Online, Ct);
        await engine.StartSessionAsync(Tenant, new RoutingRequest("s1", "v1"), Ct);
        sink.Hold();

        // s2 queues; its publish is held. Meanwhile closing s1 assigns s2.
        var queued = engine.StartSessionAsync(Tenant, new RoutingRequest("s2", "v2"), Ct).AsTask();
        await sink.Holding.WaitAsync(Timeout, Ct);
        var closed = engine.EndSessionAsync(Tenant, RoutingActor.Admin, "s1", Ct).AsTask();
        sink.Release();
        await Task.WhenAll(queued, closed).WaitAsync(Timeout, Ct);

        var s2 = sink.Events.Where(e => e is RoutingEvent.SessionQueued { Session.SessionId: "s2" } or RoutingEvent.SessionAssigned { Session.SessionId: "s2" }).ToList();
        Assert.IsType<RoutingEvent.SessionQueued>(s2[0]);
        Assert.IsType<RoutingEvent.SessionAssigned>(s2[1]);
    }

    /// <summary>
    /// A caller waits for the publication of its own command (and of those before it), not for the tenant's
    /// whole queue: while a later command's publication is held, the earlier caller has its answer.
    /// </summary>
    [Fact]
    public async Task Caller_IsReleasedWithItsOwnEvents_NotAfterLaterCommandsPublications()
    {
        var sink = new SessionGatedSink();
        using var engine = new RoutingEngine(NewStore(), new FakeTimeProvider(), [sink], NullLogger<RoutingEngine>.Instance);
        await engine.UpsertAgentAsync(Tenant, "alice", true, 5, Ct);
        await engine.SetAgentStateAsync(Tenant, "alice", AgentState.Online, Ct);
        var holdFirst = sink.Hold("s1");
        var holdSecond = sink.Hold("s2");

        var first = engine.StartSessionAsync(Tenant, new RoutingRequest("s1", "v1"), Ct).AsTask();
        await holdFirst.Reached.Task.WaitAsync(Timeout, Ct);
        var second = engine.StartSessionAsync(Tenant, new RoutingRequest("s2", "v2"), Ct).AsTask();
        holdFirst.Open.SetResult();
        await holdSecond.Reached.Task.WaitAsync(Timeout, Ct);

        Assert.Equal(RoutingDecisionKind.Assigned, (await first.WaitAsync(Timeout, Ct)).Kind);
        Assert.False(second.IsCompleted);
        holdSecond.Open.SetResult();
        Assert.Equal(RoutingDecisionKind.Assigned, (await second.WaitAsync(Timeout, Ct)).Kind);
    }

    [Fact]
    public async Task DeadlineTimer_AfterAFailedRun_TriesAgain()
    {
        var time = TestClock.Create();
        var store = new FlakyStore(NewStore());
        using var engine = new RoutingEngine(store, time, [], NullLogger<RoutingEngine>.Instance);
        await engine.UpsertAgentAsync(Tenant, "alice", true, 1, Ct);
        await engine.AgentConnectedAsync(Tenant, "alice", "c1", Ct);
        await engine.SetAgentStateAsync(Tenant, "alice", AgentState.Online, Ct);
        await engine.AgentDisconnectedAsync(Tenant, "alice", "c1", Ct);
        store.FailNextDeadlineRun = true;

        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(AgentState.Online, (await engine.ReadAsync(Tenant, s => s.GetAgent("alice"), Ct))!.State);
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(AgentState.Offline, (await engine.ReadAsync(Tenant, s => s.GetAgent("alice"), Ct))!.State);
    }

    [Fact]
    public void AddKefuRouting_RejectsBadOptionsWithTheirNames()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddKefuRouting(o => o.DefaultHandlingTime = TimeSpan.Zero)
            .BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<RoutingEngine>());

        Assert.Contains("Routing:DefaultHandlingTime", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Holds publishes while asked to, so a test can interleave commands.</summary>
    /// <summary>
    /// A deadline's timer fires in no caller's flow: flow-local state of the command that armed it (the Redis
    /// store's seeding flag, say) must not reach the deadline run, which may happen long after that flow ended.
    /// </summary>
    [Fact]
    public async Task DeadlineTimer_DoesNotCarryTheFlowStateOfTheCommandThatArmedIt()
    {
        var clock = new SoonFiringClock();
        using var engine = new RoutingEngine(NewStore(), clock, [], NullLogger<RoutingEngine>.Instance);
        await engine.UpsertAgentAsync(Tenant, "alice", true, 1, Ct);
        await engine.AgentConnectedAsync(Tenant, "alice", "c1", Ct);
        await engine.SetAgentStateAsync(Tenant, "alice", AgentState.Online, Ct);

        // Dropping the last connection arms the agent-offline grace deadline.
        ArmingFlow.Value = true;
        await engine.AgentDisconnectedAsync(Tenant, "alice", "c1", Ct);
        ArmingFlow.Value = false;

        Assert.False(await clock.ArmingFlowSeenAtFire.Task.WaitAsync(Timeout, Ct));
    }

    private static readonly AsyncLocal<bool> ArmingFlow = new();

    /// <summary>A clock that stands still, with real timers that fire after 10 ms whatever their due time.</summary>
    private sealed class SoonFiringClock : TimeProvider
    {
        private readonly DateTimeOffset _now = TestClock.Create().GetUtcNow();

        public TaskCompletionSource<bool> ArmingFlowSeenAtFire { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override DateTimeOffset GetUtcNow() => _now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            TimeProvider.System.CreateTimer(
                s =>
                {
                    ArmingFlowSeenAtFire.TrySetResult(ArmingFlow.Value);
                    callback(s);
                },
                state,
                TimeSpan.FromMilliseconds(10),
                period);
    }

    private sealed class GatedSink : IRoutingEventSink
    {
        private readonly List<RoutingEvent> _events = [];
        private TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public GatedSink() => _open.SetResult();

        public Task Holding => _holding.Task;

        public IReadOnlyList<RoutingEvent> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public void Hold()
        {
            _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public void Release() => _open.TrySetResult();

        public async ValueTask PublishAsync(int tenantId, IReadOnlyList<RoutingEvent> events, CancellationToken cancellationToken)
        {
            _holding.TrySetResult();
            await _open.Task;
            lock (_events)
            {
                _events.AddRange(events);
            }
        }
    }

    /// <summary>Holds each publication that carries an event of a session it was told to hold, until opened.</summary>
    private sealed class SessionGatedSink : IRoutingEventSink
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Gate> _gates = new();

        public Gate Hold(string sessionId) => _gates.GetOrAdd(sessionId, _ => new Gate());

        public async ValueTask PublishAsync(int tenantId, IReadOnlyList<RoutingEvent> events, CancellationToken cancellationToken)
        {
            foreach (var id in events.OfType<RoutingEvent.SessionAssigned>().Select(e => e.Session.SessionId))
            {
                if (_gates.TryGetValue(id, out var gate))
                {
                    gate.Reached.TrySetResult();
                    await gate.Open.Task;
                }
            }
        }

        public sealed class Gate
        {
            public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Fails one deadline run, as an unreachable shared store would.</summary>
    private sealed class FlakyStore(IRoutingStateStore inner) : IRoutingStateStore
    {
        public bool FailNextDeadlineRun { get; set; }

        public ValueTask<RoutingCommandOutcome> ExecuteAsync(int tenantId, RoutingCommand command, Action<RoutingCommandOutcome>? applied = null, CancellationToken cancellationToken = default)
        {
            if (command is RoutingCommand.FireDueDeadlines && FailNextDeadlineRun)
            {
                FailNextDeadlineRun = false;
                throw new IOException("store unreachable");
            }

            return inner.ExecuteAsync(tenantId, command, applied, cancellationToken);
        }

        public ValueTask<TResult> ReadAsync<TResult>(int tenantId, Func<TenantRoutingState, TResult> query, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(tenantId, query, cancellationToken);
    }
}
