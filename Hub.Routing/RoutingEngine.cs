using System.Collections.Concurrent;
using KefuHub.Routing.State;
using Microsoft.Extensions.Logging;

namespace KefuHub.Routing;

/// <summary>
/// The routing engine's entry point: stamps each request with the time, applies it through the
/// <see cref="IRoutingStateStore"/>, publishes the resulting events and keeps one timer per tenant for
/// the next grace or timeout deadline. It holds no routing state itself, so several engines (one per
/// hub node) can share one store.
/// </summary>
public sealed partial class RoutingEngine : IDisposable
{
    private readonly IRoutingStateStore _store;
    private readonly TimeProvider _time;
    private readonly IRoutingEventSink[] _sinks;
    private readonly ILogger<RoutingEngine> _logger;
    private readonly ConcurrentDictionary<int, DeadlineTimer> _timers = new();
    private readonly ConcurrentDictionary<int, EventOutbox> _outboxes = new();
    private volatile bool _disposed;

    public RoutingEngine(IRoutingStateStore store, TimeProvider time, IEnumerable<IRoutingEventSink> sinks, ILogger<RoutingEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(sinks);
        ArgumentNullException.ThrowIfNull(logger);
        _store = store;
        _time = time;
        _sinks = sinks.ToArray();
        _logger = logger;
    }

    /// <summary>A visitor asks for service: assigned, queued, or sent to the leave-a-message form (rules 1, 2, 5).</summary>
    public async ValueTask<RoutingDecision> StartSessionAsync(int tenantId, RoutingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = await ExecuteAsync(
            tenantId,
            new RoutingCommand.StartSession(Now, request.SessionId, request.VisitorId, request.QueueId, request.SpecifiedAgentId),
            cancellationToken).ConfigureAwait(false);
        if (decision.Kind == RoutingDecisionKind.LeaveMessage)
        {
            Log.LeaveMessage(_logger, tenantId, request.VisitorId);
        }

        return decision;
    }

    /// <summary>Opens a session straight onto an agent that is not Offline, capacity not checked.</summary>
    public ValueTask<RoutingDecision> AssignDirectAsync(int tenantId, string sessionId, string visitorId, string agentId, int? queueId = null, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.AssignDirect(Now, sessionId, visitorId, agentId, queueId), cancellationToken);

    /// <summary>Brings back a session open when routing state was lost; call oldest first, before new sessions.</summary>
    public ValueTask<RoutingDecision> RestoreSessionAsync(int tenantId, string sessionId, string visitorId, int? queueId, DateTimeOffset createdAt, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.RestoreSession(Now, sessionId, visitorId, queueId, createdAt), cancellationToken);

    /// <summary>An agent takes a waiting session from one of its lines, capacity checked.</summary>
    public ValueTask<RoutingDecision> PickAsync(int tenantId, string agentId, string sessionId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.Pick(Now, agentId, sessionId), cancellationToken);

    /// <summary>Moves a session to an agent with spare capacity (rule 6).</summary>
    public ValueTask<RoutingDecision> TransferToAgentAsync(int tenantId, RoutingActor actor, string sessionId, string toAgentId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.TransferToAgent(Now, actor, sessionId, toAgentId), cancellationToken);

    /// <summary>Moves a session to a queue at its original place by time (rule 6).</summary>
    public ValueTask<RoutingDecision> TransferToQueueAsync(int tenantId, RoutingActor actor, string sessionId, int toQueueId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.TransferToQueue(Now, actor, sessionId, toQueueId), cancellationToken);

    /// <summary>Closes a session: Processing becomes Terminal, Wait becomes Abort.</summary>
    public ValueTask<RoutingDecision> EndSessionAsync(int tenantId, RoutingActor actor, string sessionId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.EndSession(Now, actor, sessionId), cancellationToken);

    public ValueTask<RoutingDecision> UpsertAgentAsync(int tenantId, string agentId, bool enabled, int maxServiceSessionCount, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.UpsertAgent(Now, agentId, enabled, maxServiceSessionCount), cancellationToken);

    public ValueTask<RoutingDecision> RemoveAgentAsync(int tenantId, string agentId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.RemoveAgent(Now, agentId), cancellationToken);

    public ValueTask<RoutingDecision> SetAgentStateAsync(int tenantId, string agentId, AgentState state, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.SetAgentState(Now, agentId, state), cancellationToken);

    public ValueTask<RoutingDecision> AgentConnectedAsync(int tenantId, string agentId, string connectionId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.AgentConnected(Now, agentId, connectionId), cancellationToken);

    /// <summary>When the agent's last connection goes, its offline grace starts (rule 7).</summary>
    public ValueTask<RoutingDecision> AgentDisconnectedAsync(int tenantId, string agentId, string connectionId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.AgentDisconnected(Now, agentId, connectionId), cancellationToken);

    public ValueTask<RoutingDecision> VisitorConnectedAsync(int tenantId, string visitorId, string connectionId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.VisitorConnected(Now, visitorId, connectionId), cancellationToken);

    /// <summary>When a waiting visitor's last connection goes, its wait grace starts (rule 7).</summary>
    public ValueTask<RoutingDecision> VisitorDisconnectedAsync(int tenantId, string visitorId, string connectionId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.VisitorDisconnected(Now, visitorId, connectionId), cancellationToken);

    /// <summary>Creates a skill queue or replaces its members.</summary>
    public ValueTask<RoutingDecision> SetQueueAsync(int tenantId, int queueId, IReadOnlyList<string> agentIds, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.SetQueue(Now, queueId, agentIds), cancellationToken);

    public ValueTask<RoutingDecision> RemoveQueueAsync(int tenantId, int queueId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.RemoveQueue(Now, queueId), cancellationToken);

    public ValueTask<RoutingDecision> ConfigureTenantAsync(int tenantId, TenantRoutingSettings settings, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.ConfigureTenant(Now, settings), cancellationToken);

    /// <summary>Runs the tenant's due deadlines now. Timers do this; a host may also sweep with it.</summary>
    public ValueTask<RoutingDecision> RunDueDeadlinesAsync(int tenantId, CancellationToken cancellationToken = default) =>
        ExecuteAsync(tenantId, new RoutingCommand.FireDueDeadlines(Now), cancellationToken);

    /// <summary>Reads the tenant's state: sessions, agents, waiting lines and positions.</summary>
    public ValueTask<TResult> ReadAsync<TResult>(int tenantId, Func<TenantRoutingState, TResult> query, CancellationToken cancellationToken = default) =>
        _store.ReadAsync(tenantId, query, cancellationToken);

    /// <summary>Reads this node's latest copy of the tenant's state (<see cref="IRoutingStateStore.ReadRecentAsync"/>): confirm a refusal with <see cref="ReadAsync"/>.</summary>
    public ValueTask<TResult> ReadRecentAsync<TResult>(int tenantId, Func<TenantRoutingState, TResult> query, CancellationToken cancellationToken = default) =>
        _store.ReadRecentAsync(tenantId, query, cancellationToken);

    public void Dispose()
    {
        _disposed = true;
        foreach (var timer in _timers.Values)
        {
            timer.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>How soon a tenant's timer tries again after running its deadlines failed (say, the store was unreachable).</summary>
    private static readonly TimeSpan DeadlineRetryDelay = TimeSpan.FromSeconds(1);

    private DateTimeOffset Now => _time.GetUtcNow();

    private async ValueTask<RoutingDecision> ExecuteAsync(int tenantId, RoutingCommand command, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var outbox = _sinks.Length == 0 ? null : _outboxes.GetOrAdd(tenantId, static _ => new EventOutbox());
        var published = outbox is null ? null : new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var outcome = await _store.ExecuteAsync(tenantId, command, outbox is null ? null : o => outbox.Enqueue(o, published!), cancellationToken).ConfigureAwait(false);
        if (outcome.NextDeadline is { } next && !_disposed)
        {
            _timers.GetOrAdd(tenantId, static (id, engine) => new DeadlineTimer(engine, id), this).ScheduleBy(next);
        }

        if (outcome.Decision.Kind == RoutingDecisionKind.Rejected)
        {
            Log.Rejected(_logger, tenantId, command.GetType().Name, outcome.Decision.Error);
        }

        if (outbox is not null)
        {
            if (outbox.ClaimPump())
            {
                await PumpAsync(tenantId, outbox, handOff: true).ConfigureAwait(false);
            }

            await published!.Task.ConfigureAwait(false);
        }

        return outcome.Decision;
    }

    /// <summary>
    /// Publishes the tenant's queued events, in command order, while any are queued. Each round hands every
    /// sink everything queued meanwhile in one call (so a storing sink writes it in one transaction), then
    /// releases the callers of exactly those commands. The caller that started the pump runs its first
    /// round itself (with sinks that finish at once, everything happens before its call returns) and hands
    /// later rounds to the thread pool: a caller waits for its own command's round (and so for every
    /// command this engine applied before it), never for commands queued after it.
    /// </summary>
    private async Task PumpAsync(int tenantId, EventOutbox outbox, bool handOff)
    {
        while (outbox.TakeRound() is { } round)
        {
            var events = round.Count == 1 ? round[0].Events : round.SelectMany(c => c.Events).ToList();
            if (events.Count > 0)
            {
                foreach (var sink in _sinks)
                {
                    try
                    {
                        await sink.PublishAsync(tenantId, events, CancellationToken.None).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OutOfMemoryException)
                    {
                        // The change is applied already: a failing sink never undoes it or fails the caller.
                        Log.SinkFailed(_logger, tenantId, sink.GetType().Name, ex);
                    }
                }
            }

            foreach (var command in round)
            {
                command.Published.TrySetResult();
            }

            if (handOff)
            {
                if (!outbox.StopIfIdle())
                {
                    _ = Task.Run(() => PumpAsync(tenantId, outbox, handOff: false), CancellationToken.None);
                }

                return;
            }
        }
    }

    private async Task FireAsync(int tenantId)
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            await RunDueDeadlinesAsync(tenantId).ConfigureAwait(false);
        }
        catch (ObjectDisposedException) when (_disposed)
        {
            // Shutting down.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.DeadlinesFailed(_logger, tenantId, DeadlineRetryDelay, ex);
            if (!_disposed && _timers.TryGetValue(tenantId, out var timer))
            {
                timer.ScheduleBy(_time.GetUtcNow() + DeadlineRetryDelay);
            }
        }
    }

    /// <summary>A tenant's applied commands in command order, waiting for their events to be published.</summary>
    private sealed class EventOutbox
    {
        // Enough for a burst's round to be one transaction, few enough that its callers are not kept long.
        private const int MaxCommandsPerRound = 256;

        private readonly Lock _gate = new();
        private readonly Queue<AppliedCommand> _pending = new();
        private bool _pumping;

        /// <summary>Called by the store in command order; quick and never throws.</summary>
        public void Enqueue(RoutingCommandOutcome outcome, TaskCompletionSource published)
        {
            lock (_gate)
            {
                if (outcome.Events.Count == 0 && _pending.Count == 0 && !_pumping)
                {
                    published.TrySetResult(); // Nothing of its own, nothing earlier still going out.
                    return;
                }

                _pending.Enqueue(new AppliedCommand(outcome.Events, published));
            }
        }

        /// <summary>True when the caller is to start the pump: something is queued and no pump runs.</summary>
        public bool ClaimPump()
        {
            lock (_gate)
            {
                if (_pumping || _pending.Count == 0)
                {
                    return false;
                }

                _pumping = true;
                return true;
            }
        }

        /// <summary>Stops the pump when nothing is queued; false when something is, and the pump goes on.</summary>
        public bool StopIfIdle()
        {
            lock (_gate)
            {
                _pumping = _pending.Count > 0;
                return !_pumping;
            }
        }

        /// <summary>The next round in command order, or null (and the pump stops) when nothing is queued.</summary>
        public List<AppliedCommand>? TakeRound()
        {
            lock (_gate)
            {
                if (_pending.Count == 0)
                {
                    _pumping = false;
                    return null;
                }

                var round = new List<AppliedCommand>(Math.Min(_pending.Count, MaxCommandsPerRound));
                while (round.Count < MaxCommandsPerRound && _pending.TryDequeue(out var next))
                {
                    round.Add(next);
                }

                return round;
            }
        }
    }

    private sealed record AppliedCommand(IReadOnlyList<RoutingEvent> Events, TaskCompletionSource Published);

    /// <summary>One timer per tenant, due at the earliest deadline any command reported.</summary>
    private sealed class DeadlineTimer(RoutingEngine engine, int tenantId) : IDisposable
    {
        private readonly Lock _gate = new();
        private ITimer? _timer;
        private DateTimeOffset _due = DateTimeOffset.MaxValue;

        /// <summary>
        /// Makes the deadlines run no later than <paramref name="due"/>. A later due stays: firing early is
        /// harmless. A due already reached runs at once, on the caller's thread, instead of through a timer.
        /// </summary>
        public void ScheduleBy(DateTimeOffset due)
        {
            lock (_gate)
            {
                if (due >= _due)
                {
                    return;
                }

                var delay = due - engine._time.GetUtcNow();
                if (delay > TimeSpan.Zero)
                {
                    // A new timer for each due time, rather than Change on a timer that may be firing right
                    // now: a re-arm from inside a callback is then never lost, whatever the TimeProvider.
                    _due = due;
                    _timer?.Dispose();

                    // Not the caller's ExecutionContext: the timer fires later on its own, and must not carry
                    // the flow-local state of whichever command happened to arm it.
                    using (ExecutionContext.SuppressFlow())
                    {
                        _timer = engine._time.CreateTimer(static s => ((DeadlineTimer)s!).Fire(), this, delay, Timeout.InfiniteTimeSpan);
                    }
                    return;
                }
            }

            _ = engine.FireAsync(tenantId);
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _timer?.Dispose();
                _timer = null;
            }
        }

        private void Fire()
        {
            lock (_gate)
            {
                _due = DateTimeOffset.MaxValue;
            }

            _ = engine.FireAsync(tenantId);
        }
    }
}
