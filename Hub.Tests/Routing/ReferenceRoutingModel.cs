using KefuHub.Routing;

namespace KefuHub.Tests.Routing;

/// <summary>
/// A deliberately naive model of one tenant's routing rules (CONTRACT.md "Routing rules" and
/// docs/routing.md), written from the documents rather than from the engine: plain lists and linear
/// scans, no heaps, no dirty sets, no incremental bookkeeping. Loads are recounted from the sessions
/// every time they are needed.
/// </summary>
/// <remarks>
/// Its core is <see cref="Sweep"/>: after every operation, every waiting session, oldest arrival first,
/// is given to its best eligible agent. Grace and timeout deadlines fire in due order (ties in the order
/// they were set), each followed by a sweep, and every deadline already due fires before the next
/// operation. The clock is the model's own <see cref="Now"/>, moved only by <see cref="Advance"/>.
/// Choices where the documents leave room, made the way docs/routing.md describes them:
/// <list type="bullet">
/// <item>A visitor's wait grace starts when its last connection closes while its session waits, or when
/// it asks for service with no connection; a session re-queued while its visitor is away gets none.</item>
/// <item>An agent's offline grace starts when its last connection closes while it is not Offline; an
/// explicit Offline cancels it.</item>
/// <item>A removed agent's sessions (served or waiting for it by name) go back to their queues.</item>
/// </list>
/// </remarks>
public sealed class ReferenceRoutingModel(DateTimeOffset now)
{
    private readonly List<Agent> _agents = [];
    private readonly List<Queue> _queues = [];
    private readonly List<Session> _sessions = [];
    private readonly List<(string VisitorId, string ConnectionId)> _visitorConnections = [];
    private readonly List<Deadline> _deadlines = [];
    private long _arrivals;
    private long _assignments;
    private long _deadlineSeq;

    public enum EventKind
    {
        Assigned,
        Queued,
        Ended,
    }

    private enum DeadlineKind
    {
        AgentOffline,
        VisitorGone,
        SpecifiedAgentTimeout,
    }

    public DateTimeOffset Now { get; private set; } = now;

    public int? DefaultQueueId { get; private set; }

    public TimeSpan AgentOfflineGrace { get; private set; } = TimeSpan.FromSeconds(60);

    public TimeSpan VisitorWaitGrace { get; private set; } = TimeSpan.FromSeconds(60);

    public TimeSpan SpecifiedAgentTimeout { get; private set; } = TimeSpan.FromSeconds(60);

    /// <summary>True when the tenant is outside working hours (the only time plan the model knows).</summary>
    public bool Closed { get; private set; }

    public IReadOnlyList<Agent> Agents => _agents;

    public IReadOnlyList<Queue> Queues => _queues;

    /// <summary>Open sessions (Wait or Processing); ended ones leave the model.</summary>
    public IReadOnlyList<Session> Sessions => _sessions;

    /// <summary>What the last operation changed, in the order it happened.</summary>
    public List<Event> Events { get; } = [];

    public IEnumerable<Session> Waiting => _sessions.Where(s => s.State == SessionState.Wait).OrderBy(s => s.Arrival);

    public Agent? FindAgent(string agentId) => _agents.FirstOrDefault(a => a.Id == agentId);

    public Session? FindSession(string sessionId) => _sessions.FirstOrDefault(s => s.Id == sessionId);

    public Session? OpenSessionOf(string visitorId) => _sessions.FirstOrDefault(s => s.VisitorId == visitorId);

    public bool QueueExists(int queueId) => _queues.Any(q => q.Id == queueId);

    public int LoadOf(string agentId) => _sessions.Count(s => s.State == SessionState.Processing && s.AgentId == agentId);

    public IEnumerable<int> QueuesOf(string agentId) => _queues.Where(q => q.Members.Contains(agentId)).Select(q => q.Id).Order();

    public int ConnectionCount(string visitorId) => _visitorConnections.Count(c => c.VisitorId == visitorId);

    /// <summary>The line a waiting session stands in: its specified agent's, its queue's, or the any-agent line.</summary>
    public WaitingLineKey LineOf(Session session) =>
        session.SpecifiedAgentId is { } agentId ? WaitingLineKey.ForAgent(agentId)
        : session.QueueId is int queueId && QueueExists(queueId) ? WaitingLineKey.ForQueue(queueId)
        : WaitingLineKey.AnyAgent;

    /// <summary>1 = served next: one plus the sessions of the same line that arrived earlier.</summary>
    public int PositionOf(Session session) =>
        1 + Waiting.Count(s => LineOf(s) == LineOf(session) && s.Arrival < session.Arrival);

    public int LineCount(WaitingLineKey line) => Waiting.Count(s => LineOf(s) == line);

    // ---------------------------------------------------------------- clock

    /// <summary>Moves the clock, firing each deadline on its due time, in due order.</summary>
    public void Advance(TimeSpan by)
    {
        Events.Clear();
        var target = Now + by;
        FireDeadlinesDueBy(target);
        Now = target;
    }

    /// <summary>
    /// What the engine's timer does right after a command that left a deadline already due (one made due at
    /// once, like a zero specified-agent timeout): runs it in the same step, keeping the command's events.
    /// </summary>
    public void RunDeadlinesDueNow() => FireDeadlinesDueBy(Now);

    /// <summary>A command that only runs what is due (<c>RunDueDeadlinesAsync</c>).</summary>
    public Decision RunDueDeadlines() => Command(() => Decision.Applied);

    // ---------------------------------------------------------------- sessions

    public Decision StartSession(string sessionId, string visitorId, int? queueId, string? specifiedAgentId) => Command(() =>
    {
        if (OpenSessionOf(visitorId) is { } existing)
        {
            return Describe(existing, existing: true);
        }

        if (FindSession(sessionId) is not null)
        {
            return Decision.Rejected(RoutingError.InvalidArgument);
        }

        var queue = queueId ?? DefaultQueueId;
        if (queue is int q && !QueueExists(q))
        {
            return Decision.Rejected(RoutingError.QueueNotFound);
        }

        if (specifiedAgentId is not null && FindAgent(specifiedAgentId) is null)
        {
            return Decision.Rejected(RoutingError.AgentNotFound);
        }

        var session = new Session(sessionId, visitorId, ++_arrivals, Now) { QueueId = queue, SpecifiedAgentId = specifiedAgentId };
        _sessions.Add(session);
        Sweep();
        if (session.State == SessionState.Processing)
        {
            return Describe(session, existing: false);
        }

        if (session.SpecifiedAgentId is not null && (Closed || SpecifiedAgentTimeout <= TimeSpan.Zero))
        {
            // Nobody waits for a named agent outside working hours: the queue is tried before the form.
            session.SpecifiedAgentId = null;
            Sweep();
            if (session.State == SessionState.Processing)
            {
                return Describe(session, existing: false);
            }
        }

        if (Closed)
        {
            _sessions.Remove(session);
            return Decision.LeaveMessage;
        }

        if (session.SpecifiedAgentId is not null)
        {
            SetDeadline(DeadlineKind.SpecifiedAgentTimeout, session.Id, SpecifiedAgentTimeout);
        }

        if (ConnectionCount(visitorId) == 0)
        {
            SetDeadline(DeadlineKind.VisitorGone, visitorId, VisitorWaitGrace);
        }

        Events.Add(new Event(EventKind.Queued, session.Id, null, null, nameof(QueueReason.New)));
        return Describe(session, existing: false);
    });

    public Decision AssignDirect(string sessionId, string visitorId, string agentId, int? queueId) => Command(() =>
    {
        if (OpenSessionOf(visitorId) is not null)
        {
            return Decision.Rejected(RoutingError.VisitorHasOpenSession);
        }

        if (FindSession(sessionId) is not null)
        {
            return Decision.Rejected(RoutingError.InvalidArgument);
        }

        if (queueId is int q && !QueueExists(q))
        {
            return Decision.Rejected(RoutingError.QueueNotFound);
        }

        if (FindAgent(agentId) is not { } agent)
        {
            return Decision.Rejected(RoutingError.AgentNotFound);
        }

        if (!IsReachable(agent))
        {
            return Decision.Rejected(RoutingError.AgentUnavailable);
        }

        // Rule 1: a session for which no queue is given belongs to the default queue when there is one.
        var session = new Session(sessionId, visitorId, ++_arrivals, Now) { QueueId = queueId ?? DefaultQueueId };
        _sessions.Add(session);
        Assign(session, agent, AssignmentReason.Direct, previousAgentId: null);
        return Describe(session, existing: false);
    });

    public Decision Pick(string agentId, string sessionId) => Command(() =>
    {
        if (FindAgent(agentId) is not { } agent)
        {
            return Decision.Rejected(RoutingError.AgentNotFound);
        }

        if (FindSession(sessionId) is not { } session)
        {
            return Decision.Rejected(RoutingError.SessionNotFound);
        }

        if (session.State != SessionState.Wait)
        {
            return Decision.Rejected(RoutingError.InvalidSessionState);
        }

        if (!MayServe(agent, session))
        {
            return Decision.Rejected(RoutingError.AgentNotInQueue);
        }

        if (!IsReachable(agent))
        {
            return Decision.Rejected(RoutingError.AgentUnavailable);
        }

        if (LoadOf(agent.Id) >= agent.Max)
        {
            return Decision.Rejected(RoutingError.AgentAtCapacity);
        }

        Assign(session, agent, AssignmentReason.Picked, previousAgentId: null);
        return Describe(session, existing: false);
    });

    public Decision TransferToAgent(RoutingActor actor, string sessionId, string toAgentId) => Command(() =>
    {
        if (Owned(actor, sessionId) is not { } session)
        {
            return Decision.Rejected(RoutingError.SessionNotFound);
        }

        if (actor.Kind == RoutingActorKind.Visitor)
        {
            return Decision.Rejected(RoutingError.NotSessionOwner);
        }

        if (FindAgent(toAgentId) is not { } target)
        {
            return Decision.Rejected(RoutingError.AgentNotFound);
        }

        if (session.AgentId == target.Id)
        {
            return Decision.Rejected(RoutingError.InvalidArgument);
        }

        if (!IsReachable(target))
        {
            return Decision.Rejected(RoutingError.AgentUnavailable);
        }

        if (LoadOf(target.Id) >= target.Max)
        {
            return Decision.Rejected(RoutingError.AgentAtCapacity);
        }

        var previous = session.AgentId;
        session.AgentId = null;
        Assign(session, target, AssignmentReason.Transferred, previous);
        return Describe(session, existing: false);
    });

    public Decision TransferToQueue(RoutingActor actor, string sessionId, int toQueueId) => Command(() =>
    {
        if (Owned(actor, sessionId) is not { } session)
        {
            return Decision.Rejected(RoutingError.SessionNotFound);
        }

        if (actor.Kind == RoutingActorKind.Visitor)
        {
            return Decision.Rejected(RoutingError.NotSessionOwner);
        }

        if (!QueueExists(toQueueId))
        {
            return Decision.Rejected(RoutingError.QueueNotFound);
        }

        CancelDeadline(DeadlineKind.SpecifiedAgentTimeout, session.Id);
        session.QueueId = toQueueId;
        session.SpecifiedAgentId = null;
        Requeue(session, QueueReason.TransferredToQueue);
        Sweep();
        return Describe(session, existing: false);
    });

    public Decision EndSession(RoutingActor actor, string sessionId) => Command(() =>
    {
        if (Owned(actor, sessionId) is not { } session)
        {
            return Decision.Rejected(RoutingError.SessionNotFound);
        }

        var reason = actor.Kind switch
        {
            RoutingActorKind.Agent => EndReason.ClosedByAgent,
            RoutingActorKind.Visitor => EndReason.ClosedByVisitor,
            RoutingActorKind.System => EndReason.Inactive,
            _ => EndReason.ClosedByAdmin,
        };
        var final = Finish(session, reason);
        return new Decision(RoutingDecisionKind.Ended) { SessionId = session.Id, State = final, AgentId = session.AgentId };
    });

    // ---------------------------------------------------------------- agents, queues, presence, settings

    public Decision UpsertAgent(string agentId, bool enabled, int max) => Command(() =>
    {
        if (string.IsNullOrEmpty(agentId) || max < 0)
        {
            return Decision.Rejected(RoutingError.InvalidArgument);
        }

        var agent = FindAgent(agentId);
        if (agent is null)
        {
            agent = new Agent(agentId);
            _agents.Add(agent);
        }

        agent.Enabled = enabled;
        agent.Max = max;
        return Decision.Applied;
    });

    public Decision RemoveAgent(string agentId) => Command(() =>
    {
        if (FindAgent(agentId) is not { } agent)
        {
            return Decision.Rejected(RoutingError.AgentNotFound);
        }

        foreach (var session in _sessions.Where(s => s.State == SessionState.Processing && s.AgentId == agentId).OrderBy(s => s.Arrival).ToList())
        {
            Requeue(session, QueueReason.AgentRemoved);
        }

        foreach (var session in _sessions.Where(s => s.State == SessionState.Wait && s.SpecifiedAgentId == agentId).OrderBy(s => s.Arrival).ToList())
        {
            CancelDeadline(DeadlineKind.SpecifiedAgentTimeout, session.Id);
            session.SpecifiedAgentId = null;
            Requeue(session, QueueReason.AgentRemoved);
        }

        foreach (var queue in _queues)
        {
            queue.Members.Remove(agentId);
        }

        CancelDeadline(DeadlineKind.AgentOffline, agentId);
        _agents.Remove(agent);
        return Decision.Applied;
    });

    public Decision SetAgentState(string agentId, AgentState state) => Command(() =>
    {
        if (FindAgent(agentId) is not { } agent)
        {
            return Decision.Rejected(RoutingError.AgentNotFound);
        }

        if (agent.State == state)
        {
            return Decision.Applied;
        }

        if (state == AgentState.Offline)
        {
            GoOffline(agent);
        }
        else
        {
            agent.State = state;
        }

        return Decision.Applied;
    });

    public Decision AgentConnected(string agentId, string connectionId) => Command(() =>
    {
        if (FindAgent(agentId) is not { } agent)
        {
            return Decision.Rejected(RoutingError.AgentNotFound);
        }

        if (!agent.Connections.Contains(connectionId))
        {
            agent.Connections.Add(connectionId);
        }

        CancelDeadline(DeadlineKind.AgentOffline, agentId);
        return Decision.Applied;
    });

    public Decision AgentDisconnected(string agentId, string connectionId) => Command(() =>
    {
        if (FindAgent(agentId) is { } agent && agent.Connections.Remove(connectionId) &&
            agent.Connections.Count == 0 && agent.State != AgentState.Offline)
        {
            if (AgentOfflineGrace <= TimeSpan.Zero)
            {
                GoOffline(agent);
            }
            else
            {
                SetDeadline(DeadlineKind.AgentOffline, agentId, AgentOfflineGrace);
            }
        }

        return Decision.Applied;
    });

    public Decision VisitorConnected(string visitorId, string connectionId) => Command(() =>
    {
        if (!_visitorConnections.Contains((visitorId, connectionId)))
        {
            _visitorConnections.Add((visitorId, connectionId));
        }

        CancelDeadline(DeadlineKind.VisitorGone, visitorId);
        return Decision.Applied;
    });

    public Decision VisitorDisconnected(string visitorId, string connectionId) => Command(() =>
    {
        if (_visitorConnections.Remove((visitorId, connectionId)) && ConnectionCount(visitorId) == 0 &&
            OpenSessionOf(visitorId) is { State: SessionState.Wait } waiting)
        {
            if (VisitorWaitGrace <= TimeSpan.Zero)
            {
                Finish(waiting, EndReason.VisitorLeft);
            }
            else
            {
                SetDeadline(DeadlineKind.VisitorGone, visitorId, VisitorWaitGrace);
            }
        }

        return Decision.Applied;
    });

    public Decision SetQueue(int queueId, IReadOnlyList<string> agentIds) => Command(() =>
    {
        if (agentIds.Any(id => FindAgent(id) is null))
        {
            return Decision.Rejected(RoutingError.AgentNotFound);
        }

        var queue = _queues.FirstOrDefault(q => q.Id == queueId);
        if (queue is null)
        {
            queue = new Queue(queueId);
            _queues.Add(queue);
        }

        queue.Members.Clear();
        queue.Members.AddRange(agentIds.Distinct());
        return Decision.Applied;
    });

    public Decision RemoveQueue(int queueId) => Command(() =>
    {
        if (_queues.FirstOrDefault(q => q.Id == queueId) is not { } queue)
        {
            return Decision.Rejected(RoutingError.QueueNotFound);
        }

        if (DefaultQueueId == queueId)
        {
            DefaultQueueId = null;
        }

        var inLine = _sessions.Where(s => s.State == SessionState.Wait && s.SpecifiedAgentId is null && s.QueueId == queueId)
            .OrderBy(s => s.Arrival).ToList();
        _queues.Remove(queue);
        foreach (var session in _sessions.Where(s => s.QueueId == queueId))
        {
            session.QueueId = DefaultQueueId;
        }

        foreach (var session in inLine)
        {
            Requeue(session, QueueReason.QueueRemoved);
        }

        return Decision.Applied;
    });

    public Decision ConfigureTenant(int? defaultQueueId, TimeSpan agentOfflineGrace, TimeSpan visitorWaitGrace, TimeSpan specifiedAgentTimeout, bool closed) => Command(() =>
    {
        if (defaultQueueId is int q && !QueueExists(q))
        {
            return Decision.Rejected(RoutingError.QueueNotFound);
        }

        if (agentOfflineGrace < TimeSpan.Zero || visitorWaitGrace < TimeSpan.Zero || specifiedAgentTimeout < TimeSpan.Zero)
        {
            return Decision.Rejected(RoutingError.InvalidArgument);
        }

        DefaultQueueId = defaultQueueId;
        AgentOfflineGrace = agentOfflineGrace;
        VisitorWaitGrace = visitorWaitGrace;
        SpecifiedAgentTimeout = specifiedAgentTimeout;
        Closed = closed;
        return Decision.Applied;
    });

    // ---------------------------------------------------------------- the rules

    /// <summary>Rule 1 as docs/routing.md words it.</summary>
    public bool IsEligible(Agent agent, Session session)
    {
        if (!agent.Enabled || agent.State != AgentState.Online || agent.Max <= 0 || LoadOf(agent.Id) >= agent.Max)
        {
            return false;
        }

        if (session.SpecifiedAgentId is not null)
        {
            return session.SpecifiedAgentId == agent.Id;
        }

        return session.QueueId is not int queueId || !QueueExists(queueId) || QueuesOf(agent.Id).Contains(queueId);
    }

    /// <summary>Rule 3 among the eligible agents: lowest load/max, then oldest last assignment, then smaller id.</summary>
    public Agent? BestAgentFor(Session session)
    {
        Agent? best = null;
        foreach (var agent in _agents)
        {
            if (IsEligible(agent, session) && (best is null || IsLessBusy(agent, best)))
            {
                best = agent;
            }
        }

        return best;
    }

    private bool IsLessBusy(Agent x, Agent y)
    {
        var xRatio = (long)LoadOf(x.Id) * y.Max;
        var yRatio = (long)LoadOf(y.Id) * x.Max;
        if (xRatio != yRatio)
        {
            return xRatio < yRatio;
        }

        if (x.LastAssigned != y.LastAssigned)
        {
            return x.LastAssigned < y.LastAssigned;
        }

        return string.CompareOrdinal(x.Id, y.Id) < 0;
    }

    /// <summary>Every waiting session, oldest arrival first, goes to its best eligible agent; repeated until nothing moves.</summary>
    private void Sweep()
    {
        bool assigned;
        do
        {
            assigned = false;
            foreach (var session in Waiting.ToList())
            {
                if (BestAgentFor(session) is { } agent)
                {
                    Assign(session, agent, AssignmentReason.Routed, previousAgentId: null);
                    assigned = true;
                }
            }
        }
        while (assigned);
    }

    private static bool IsReachable(Agent agent) => agent.Enabled && agent.State != AgentState.Offline;

    /// <summary>Pick: sessions of the agent's queues, of the any-agent line, or waiting for it by name.</summary>
    private bool MayServe(Agent agent, Session session) =>
        session.SpecifiedAgentId is not null
            ? session.SpecifiedAgentId == agent.Id
            : session.QueueId is not int queueId || QueuesOf(agent.Id).Contains(queueId);

    private Session? Owned(RoutingActor actor, string sessionId)
    {
        var session = FindSession(sessionId);
        return session is null ? null : actor.Kind switch
        {
            RoutingActorKind.Visitor => session.VisitorId == actor.Id ? session : null,
            RoutingActorKind.Agent => session.State == SessionState.Processing && session.AgentId == actor.Id ? session : null,
            _ => session,
        };
    }

    private void Assign(Session session, Agent agent, AssignmentReason reason, string? previousAgentId)
    {
        CancelDeadline(DeadlineKind.SpecifiedAgentTimeout, session.Id);
        session.State = SessionState.Processing;
        session.SpecifiedAgentId = null;
        session.AgentId = agent.Id;
        session.AssignedAt = Now;
        agent.LastAssigned = ++_assignments;
        Events.Add(new Event(EventKind.Assigned, session.Id, agent.Id, previousAgentId, reason.ToString()));
    }

    /// <summary>Back to waiting (from an agent or from another line), keeping the original arrival.</summary>
    private void Requeue(Session session, QueueReason reason)
    {
        var previous = session.State == SessionState.Processing ? session.AgentId : null;
        session.State = SessionState.Wait;
        session.AgentId = null;
        session.AssignedAt = null;
        Events.Add(new Event(EventKind.Queued, session.Id, null, previous, reason.ToString()));
        if (ConnectionCount(session.VisitorId) == 0 && !_deadlines.Any(d => d.Kind == DeadlineKind.VisitorGone && d.Key == session.VisitorId))
        {
            // Waiting again with nobody connected: the visitor-gone grace runs (rule 7).
            SetDeadline(DeadlineKind.VisitorGone, session.VisitorId, VisitorWaitGrace);
        }
    }

    private SessionState Finish(Session session, EndReason reason)
    {
        var final = session.State == SessionState.Processing ? SessionState.Terminal : SessionState.Abort;
        Events.Add(new Event(EventKind.Ended, session.Id, session.AgentId, null, $"{reason}/{final}"));
        _sessions.Remove(session);
        CancelDeadline(DeadlineKind.SpecifiedAgentTimeout, session.Id);
        CancelDeadline(DeadlineKind.VisitorGone, session.VisitorId);
        return final;
    }

    private void GoOffline(Agent agent)
    {
        CancelDeadline(DeadlineKind.AgentOffline, agent.Id);
        agent.State = AgentState.Offline;
        foreach (var session in _sessions.Where(s => s.State == SessionState.Processing && s.AgentId == agent.Id).OrderBy(s => s.Arrival).ToList())
        {
            Requeue(session, QueueReason.AgentOffline);
        }
    }

    private Decision Describe(Session session, bool existing) =>
        session.State == SessionState.Processing
            ? new Decision(RoutingDecisionKind.Assigned) { SessionId = session.Id, State = session.State, AgentId = session.AgentId, Existing = existing }
            : new Decision(RoutingDecisionKind.Queued)
            {
                SessionId = session.Id,
                State = session.State,
                Existing = existing,
                Line = LineOf(session),
                Position = PositionOf(session),
                WaitingCount = LineCount(LineOf(session)),
            };

    /// <summary>Every operation: what is due fires first, then the operation, then a sweep.</summary>
    private Decision Command(Func<Decision> operation)
    {
        Events.Clear();
        FireDeadlinesDueBy(Now);
        var decision = operation();
        Sweep();
        return decision;
    }

    // ---------------------------------------------------------------- deadlines

    private void SetDeadline(DeadlineKind kind, string key, TimeSpan after)
    {
        CancelDeadline(kind, key);
        _deadlines.Add(new Deadline(Now + after, ++_deadlineSeq, kind, key));
    }

    private void CancelDeadline(DeadlineKind kind, string key) => _deadlines.RemoveAll(d => d.Kind == kind && d.Key == key);

    private void FireDeadlinesDueBy(DateTimeOffset until)
    {
        while (true)
        {
            Deadline? next = null;
            foreach (var deadline in _deadlines)
            {
                if (deadline.Due <= until && (next is null || deadline.Due < next.Due || (deadline.Due == next.Due && deadline.Seq < next.Seq)))
                {
                    next = deadline;
                }
            }

            if (next is null)
            {
                return;
            }

            _deadlines.Remove(next);
            if (next.Due > Now)
            {
                Now = next.Due;
            }

            Fire(next);
            Sweep();
        }
    }

    private void Fire(Deadline deadline)
    {
        switch (deadline.Kind)
        {
            case DeadlineKind.AgentOffline:
                if (FindAgent(deadline.Key) is { } agent && agent.Connections.Count == 0 && agent.State != AgentState.Offline)
                {
                    GoOffline(agent);
                }

                break;

            case DeadlineKind.VisitorGone:
                if (ConnectionCount(deadline.Key) == 0 && OpenSessionOf(deadline.Key) is { State: SessionState.Wait } waiting)
                {
                    Finish(waiting, EndReason.VisitorLeft);
                }

                break;

            case DeadlineKind.SpecifiedAgentTimeout:
                if (FindSession(deadline.Key) is { State: SessionState.Wait, SpecifiedAgentId: not null } session)
                {
                    session.SpecifiedAgentId = null;
                    Requeue(session, QueueReason.SpecifiedAgentTimeout);
                }

                break;
        }
    }

    // ---------------------------------------------------------------- types

    public sealed class Agent(string id)
    {
        public string Id { get; } = id;

        public bool Enabled { get; set; }

        public int Max { get; set; }

        public AgentState State { get; set; } = AgentState.Offline;

        /// <summary>The tenant's assignment counter at this agent's last assignment of any kind; 0 = never.</summary>
        public long LastAssigned { get; set; }

        public List<string> Connections { get; } = [];
    }

    public sealed class Queue(int id)
    {
        public int Id { get; } = id;

        public List<string> Members { get; } = [];
    }

    public sealed class Session(string id, string visitorId, long arrival, DateTimeOffset createdAt)
    {
        public string Id { get; } = id;

        public string VisitorId { get; } = visitorId;

        /// <summary>Creation order; kept whenever the session re-enters a line.</summary>
        public long Arrival { get; } = arrival;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public SessionState State { get; set; } = SessionState.Wait;

        public int? QueueId { get; set; }

        public string? SpecifiedAgentId { get; set; }

        public string? AgentId { get; set; }

        public DateTimeOffset? AssignedAt { get; set; }
    }

    /// <summary>A session event, reduced to what the comparison needs.</summary>
    public sealed record Event(EventKind Kind, string SessionId, string? AgentId, string? PreviousAgentId, string Reason)
    {
        public override string ToString() => $"{Kind} {SessionId} agent={AgentId ?? "-"} prev={PreviousAgentId ?? "-"} {Reason}";
    }

    /// <summary>The model's answer to an operation, comparable with a <see cref="RoutingDecision"/>.</summary>
    public sealed record Decision(RoutingDecisionKind Kind)
    {
        public static Decision Applied { get; } = new(RoutingDecisionKind.Applied);

        public static Decision LeaveMessage { get; } = new(RoutingDecisionKind.LeaveMessage);

        public RoutingError Error { get; init; }

        public string? SessionId { get; init; }

        public SessionState? State { get; init; }

        public string? AgentId { get; init; }

        public bool Existing { get; init; }

        public WaitingLineKey? Line { get; init; }

        public int? Position { get; init; }

        public int? WaitingCount { get; init; }

        public static Decision Rejected(RoutingError error) => new(RoutingDecisionKind.Rejected) { Error = error };
    }

    private sealed record Deadline(DateTimeOffset Due, long Seq, DeadlineKind Kind, string Key);
}
