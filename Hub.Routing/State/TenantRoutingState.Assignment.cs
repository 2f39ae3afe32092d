using System.Diagnostics;

namespace KefuHub.Routing.State;

// Assignment: who may serve whom, and the drain that keeps "no waiting session has an eligible agent".
public sealed partial class TenantRoutingState
{
    /// <summary>
    /// Assigns waiting sessions in arrival order for as long as one of them has an eligible agent. Only
    /// sessions that entered a line in this command and agents that gained capacity or eligibility in it
    /// (the dirty ones) can form a new pair, so the oldest candidate is the oldest dirty session or the
    /// oldest session some dirty agent may take. Each goes to its best agent (rule 3), which gives the
    /// same assignments as sweeping every waiting session in arrival order.
    /// </summary>
    private void Drain()
    {
        while (true)
        {
            var candidate = _dirtySessions.Count > 0 ? _dirtySessions.Min : null;
            foreach (var agent in _dirtyAgents)
            {
                if (agent.IsRoutable && agent.HasSpareCapacity && OldestWaitingFor(agent) is { } oldest &&
                    (candidate is null || oldest.ArrivalSeq < candidate.ArrivalSeq))
                {
                    candidate = oldest;
                }
            }

            if (candidate is null)
            {
                break;
            }

            _dirtySessions.Remove(candidate);
            if (candidate.State == SessionState.Wait && BestAgentFor(candidate) is { } best)
            {
                Assign(candidate, best, AssignmentReason.Routed, previousAgentId: null);
            }
        }

        _dirtyAgents.Clear();
    }

    /// <summary>Rule 3 among the agents eligible for the session (rule 1), or null if none is.</summary>
    private AgentEntry? BestAgentFor(SessionEntry session)
    {
        if (session.SpecifiedAgentId is { } specified)
        {
            var agent = _agents[specified];
            return agent.IsRoutable && agent.HasSpareCapacity ? agent : null;
        }

        return QueueOf(session).Routable.BestWithCapacity;
    }

    /// <summary>The oldest waiting session this routable agent is eligible for.</summary>
    private SessionEntry? OldestWaitingFor(AgentEntry agent)
    {
        var oldest = _anyQueue.Line.Oldest;
        foreach (var id in agent.QueueIds)
        {
            oldest = Older(oldest, _queues[id].Line.Oldest);
        }

        if (_specifiedLines.TryGetValue(agent.Id, out var line))
        {
            oldest = Older(oldest, line.Oldest);
        }

        return oldest;

        static SessionEntry? Older(SessionEntry? a, SessionEntry? b) =>
            a is null ? b : b is null ? a : a.ArrivalSeq <= b.ArrivalSeq ? a : b;
    }

    private static bool MayServe(AgentEntry agent, SessionEntry session) =>
        session.SpecifiedAgentId is { } specified
            ? specified == agent.Id
            : session.QueueId is not int queueId || agent.QueueIds.Contains(queueId);

    private void Assign(SessionEntry session, AgentEntry agent, AssignmentReason reason, string? previousAgentId)
    {
        Debug.Assert(session.Agent is null);
        if (reason != AssignmentReason.Direct && !agent.HasSpareCapacity)
        {
            // Rule 9's first promise; every caller checks capacity first, so reaching this is a bug.
            throw new InvalidOperationException($"Refusing to assign session {session.Id} to agent {agent.Id} at capacity.");
        }

        LeaveLine(session);
        CancelDeadline(DeadlineKind.SpecifiedAgentTimeout, session.Id);
        session.State = SessionState.Processing;
        session.SpecifiedAgentId = null;
        session.Agent = agent;
        session.AssignedAt = _now;
        agent.Sessions.Add(session);
        agent.LastAssignedSeq = ++_assignmentSeq;
        UpdateInHeaps(agent);
        session.Version = NextVersion();
        _events.Add(new RoutingEvent.SessionAssigned(session.ToSnapshot(), reason, previousAgentId));
    }

    /// <summary>Takes a session off its agent; the agent may now take another.</summary>
    private void Release(SessionEntry session)
    {
        var agent = session.Agent!;
        agent.Sessions.Remove(session);
        session.Agent = null;
        session.AssignedAt = null;
        UpdateInHeaps(agent);
        _dirtyAgents.Add(agent);
    }

    /// <summary>Puts a session into the line it belongs to now, at its original place by arrival.</summary>
    private void EnterLine(SessionEntry session)
    {
        Debug.Assert(session.Line is null && session.Agent is null);
        WaitingLine line;
        if (session.SpecifiedAgentId is { } agentId)
        {
            if (!_specifiedLines.TryGetValue(agentId, out line!))
            {
                line = new WaitingLine(WaitingLineKey.ForAgent(agentId));
                _specifiedLines.Add(agentId, line);
            }
        }
        else
        {
            line = QueueOf(session).Line;
        }

        session.State = SessionState.Wait;
        session.Line = line;
        line.Add(session);
        _allWaiting.Add(session);
        MarkChanged(line);
        _dirtySessions.Add(session);
    }

    private void MarkChanged(WaitingLine line)
    {
        // A list, not a set, so that events come out in the same order on every replica.
        if (!_changedLines.Contains(line))
        {
            _changedLines.Add(line);
        }
    }

    private void LeaveLine(SessionEntry session)
    {
        if (session.Line is not { } line)
        {
            return;
        }

        line.Remove(session);
        _allWaiting.Remove(session);
        _dirtySessions.Remove(session);
        MarkChanged(line);
        session.Line = null;
        if (line.Count == 0 && line.Key.SpecifiedAgentId is { } agentId)
        {
            _specifiedLines.Remove(agentId);
        }
    }

    /// <summary>Sends a session (back) to waiting, keeping its place by arrival.</summary>
    private void Requeue(SessionEntry session, QueueReason reason)
    {
        var previousAgentId = session.Agent?.Id;
        if (session.Agent is not null)
        {
            Release(session);
        }

        LeaveLine(session);
        EnterLine(session);
        session.Version = NextVersion();
        _events.Add(new RoutingEvent.SessionQueued(session.ToSnapshot(), reason, previousAgentId));
        if (!_visitorConnections.ContainsKey(session.VisitorId) && !_deadlineByKey.ContainsKey((DeadlineKind.VisitorGone, session.VisitorId)))
        {
            // The visitor left while being served: waiting again, it gets the same grace as any absent
            // visitor, counted from now unless it is already running.
            AddDeadline(DeadlineKind.VisitorGone, session.VisitorId, Settings.VisitorWaitGrace);
        }
    }

    /// <summary>Ends a session: it leaves its line or agent and the state.</summary>
    private SessionSnapshot Finish(SessionEntry session, EndReason reason)
    {
        var finalState = session.State == SessionState.Processing ? SessionState.Terminal : SessionState.Abort;
        session.Version = NextVersion();
        var snapshot = session.ToSnapshot(finalState);
        if (session.Agent is not null)
        {
            if (session.AssignedAt is { } assignedAt)
            {
                QueueOf(session).HandlingTimes.Add(_now - assignedAt);
            }

            Release(session);
        }

        LeaveLine(session);
        CancelDeadline(DeadlineKind.SpecifiedAgentTimeout, session.Id);
        CancelDeadline(DeadlineKind.VisitorGone, session.VisitorId);
        _sessions.Remove(session.Id);
        _openSessionByVisitor.Remove(session.VisitorId);
        session.State = finalState;
        _events.Add(new RoutingEvent.SessionEnded(snapshot, reason));
        return snapshot;
    }

    private void UpdateInHeaps(AgentEntry agent)
    {
        _anyQueue.Routable.Update(agent);
        foreach (var id in agent.QueueIds)
        {
            _queues[id].Routable.Update(agent);
        }
    }

    /// <summary>
    /// Changes fields that decide whether and how an agent sits in the heaps (enabled, state, max),
    /// taking it out first so that the heaps' capacity sums stay exact, and marks it dirty.
    /// </summary>
    private void ChangeRouting(AgentEntry agent, Action<AgentEntry> change)
    {
        _anyQueue.Routable.Remove(agent);
        foreach (var id in agent.QueueIds)
        {
            _queues[id].Routable.Remove(agent);
        }

        change(agent);
        if (agent.IsRoutable)
        {
            _anyQueue.Routable.Add(agent);
            foreach (var id in agent.QueueIds)
            {
                _queues[id].Routable.Add(agent);
            }

            _dirtyAgents.Add(agent);
        }
    }
}
