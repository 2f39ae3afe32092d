namespace KefuHub.Routing.State;

// Commands on sessions: start, pick, transfer, end, direct assignment.
public sealed partial class TenantRoutingState
{
    private RoutingDecision StartSession(RoutingCommand.StartSession command)
    {
        if (string.IsNullOrEmpty(command.SessionId) || string.IsNullOrEmpty(command.VisitorId))
        {
            return Reject(RoutingError.InvalidArgument, "A session id and a visitor id are required.");
        }

        if (_openSessionByVisitor.TryGetValue(command.VisitorId, out var existing))
        {
            return Describe(existing, existing: true);
        }

        if (_sessions.ContainsKey(command.SessionId))
        {
            return Reject(RoutingError.InvalidArgument, $"Session id '{command.SessionId}' is already in use.");
        }

        var queueId = command.QueueId ?? Settings.DefaultQueueId;
        if (queueId is int q && !_queues.ContainsKey(q))
        {
            return Reject(RoutingError.QueueNotFound, $"Queue {q} does not exist.");
        }

        if (command.SpecifiedAgentId is { } specified && !_agents.ContainsKey(specified))
        {
            return Reject(RoutingError.AgentNotFound, $"Agent '{specified}' does not exist.");
        }

        var session = new SessionEntry(command.SessionId, command.VisitorId, ++_arrivalSeq, _now)
        {
            QueueId = queueId,
            SpecifiedAgentId = command.SpecifiedAgentId,
        };
        _sessions.Add(session.Id, session);
        _openSessionByVisitor.Add(session.VisitorId, session);
        if (BestAgentFor(session) is { } best)
        {
            // No waiting session has an eligible agent, so none can have a claim on this one: the
            // newest arrival goes straight to it, without passing through the line.
            Assign(session, best, AssignmentReason.Routed, previousAgentId: null);
            return RoutingDecision.Assigned(session.ToSnapshot());
        }

        EnterLine(session);

        var isOpen = Settings.TimePlan?.IsOpenAt(_now) ?? true;
        if (session.SpecifiedAgentId is not null && (!isOpen || Settings.SpecifiedAgentTimeout <= TimeSpan.Zero))
        {
            // Nobody waits for the specified agent when closed or without a timeout: the queue, then the form.
            LeaveLine(session);
            session.SpecifiedAgentId = null;
            EnterLine(session);
            Drain();
            if (session.State == SessionState.Processing)
            {
                return RoutingDecision.Assigned(session.ToSnapshot());
            }
        }

        if (!isOpen || _allWaiting.Count > _options.MaxWaitingSessionsPerTenant)
        {
            Withdraw(session);
            return isOpen
                ? Reject(RoutingError.TooManyWaiting, "Too many visitors are waiting; please try again later.")
                : RoutingDecision.LeaveMessage();
        }

        if (session.SpecifiedAgentId is not null)
        {
            AddDeadline(DeadlineKind.SpecifiedAgentTimeout, session.Id, Settings.SpecifiedAgentTimeout);
        }

        if (!_visitorConnections.ContainsKey(session.VisitorId))
        {
            // Asked for service with no connection open (say over REST): the visitor-gone grace runs from now.
            AddDeadline(DeadlineKind.VisitorGone, session.VisitorId, Settings.VisitorWaitGrace);
        }

        session.Version = NextVersion();
        _events.Add(new RoutingEvent.SessionQueued(session.ToSnapshot(), QueueReason.New, null));
        return Describe(session, existing: false);
    }

    private RoutingDecision RestoreSession(RoutingCommand.RestoreSession command)
    {
        if (RejectNewSession(command.SessionId, command.VisitorId) is { } rejected)
        {
            return rejected;
        }

        // A queue deleted meanwhile sends the session where one without a queue goes.
        var queueId = command.QueueId is int q && _queues.ContainsKey(q) ? q : Settings.DefaultQueueId;
        var session = new SessionEntry(command.SessionId, command.VisitorId, ++_arrivalSeq, command.CreatedAt) { QueueId = queueId };
        _sessions.Add(session.Id, session);
        _openSessionByVisitor.Add(session.VisitorId, session);
        if (BestAgentFor(session) is { } best)
        {
            Assign(session, best, AssignmentReason.Routed, previousAgentId: null);
            return RoutingDecision.Assigned(session.ToSnapshot());
        }

        EnterLine(session);
        if (!_visitorConnections.ContainsKey(session.VisitorId))
        {
            AddDeadline(DeadlineKind.VisitorGone, session.VisitorId, Settings.VisitorWaitGrace);
        }

        session.Version = NextVersion();
        _events.Add(new RoutingEvent.SessionQueued(session.ToSnapshot(), QueueReason.Restored, null));
        return Describe(session, existing: false);
    }

    /// <summary>Why a session cannot be opened for the visitor under this id, or null when it can.</summary>
    private RoutingDecision? RejectNewSession(string sessionId, string visitorId)
    {
        if (string.IsNullOrEmpty(sessionId) || string.IsNullOrEmpty(visitorId))
        {
            return Reject(RoutingError.InvalidArgument, "A session id and a visitor id are required.");
        }

        if (_openSessionByVisitor.ContainsKey(visitorId))
        {
            return Reject(RoutingError.VisitorHasOpenSession, "The visitor already has an open session.");
        }

        return _sessions.ContainsKey(sessionId)
            ? Reject(RoutingError.InvalidArgument, $"Session id '{sessionId}' is already in use.")
            : null;
    }

    /// <summary>Takes back a session that was never announced: no event, as if it had not been created.</summary>
    private void Withdraw(SessionEntry session)
    {
        LeaveLine(session);
        _sessions.Remove(session.Id);
        _openSessionByVisitor.Remove(session.VisitorId);
    }

    private RoutingDecision Pick(RoutingCommand.Pick command)
    {
        if (!_agents.TryGetValue(command.AgentId, out var agent))
        {
            return Reject(RoutingError.AgentNotFound, $"Agent '{command.AgentId}' does not exist.");
        }

        if (!_sessions.TryGetValue(command.SessionId, out var session))
        {
            return Reject(RoutingError.SessionNotFound, $"Session '{command.SessionId}' was not found.");
        }

        if (session.State != SessionState.Wait)
        {
            return Reject(RoutingError.InvalidSessionState, "The session is no longer waiting; another agent has taken it.");
        }

        if (!MayServe(agent, session))
        {
            return Reject(RoutingError.AgentNotInQueue, "The session waits in a queue you are not a member of.");
        }

        if (!agent.IsReachable)
        {
            return Reject(RoutingError.AgentUnavailable, "Set your state to something other than Offline to take sessions.");
        }

        if (!agent.HasSpareCapacity)
        {
            return Reject(RoutingError.AgentAtCapacity, $"You are serving {agent.Load} of at most {agent.Max} sessions.");
        }

        Assign(session, agent, AssignmentReason.Picked, previousAgentId: null);
        return RoutingDecision.Assigned(session.ToSnapshot());
    }

    private RoutingDecision TransferToAgent(RoutingCommand.TransferToAgent command)
    {
        if (FindTransferable(command.Actor, command.SessionId, out var session) is { } rejected)
        {
            return rejected;
        }

        if (!_agents.TryGetValue(command.ToAgentId, out var target))
        {
            return Reject(RoutingError.AgentNotFound, $"Agent '{command.ToAgentId}' does not exist.");
        }

        if (session.Agent == target)
        {
            return Reject(RoutingError.InvalidArgument, "The session is already with that agent.");
        }

        if (!target.IsReachable)
        {
            return Reject(RoutingError.AgentUnavailable, $"Agent '{target.Id}' is offline or disabled.");
        }

        if (!target.HasSpareCapacity)
        {
            return Reject(RoutingError.AgentAtCapacity, $"Agent '{target.Id}' is serving {target.Load} of at most {target.Max} sessions.");
        }

        var previous = session.Agent;
        if (previous is not null)
        {
            Release(session);
        }

        Assign(session, target, AssignmentReason.Transferred, previous?.Id);
        return RoutingDecision.Assigned(session.ToSnapshot());
    }

    private RoutingDecision TransferToQueue(RoutingCommand.TransferToQueue command)
    {
        if (FindTransferable(command.Actor, command.SessionId, out var session) is { } rejected)
        {
            return rejected;
        }

        if (!_queues.ContainsKey(command.ToQueueId))
        {
            return Reject(RoutingError.QueueNotFound, $"Queue {command.ToQueueId} does not exist.");
        }

        CancelDeadline(DeadlineKind.SpecifiedAgentTimeout, session.Id);
        session.QueueId = command.ToQueueId;
        session.SpecifiedAgentId = null;
        Requeue(session, QueueReason.TransferredToQueue);
        Drain();
        return Describe(session, existing: false);
    }

    private RoutingDecision EndSession(RoutingCommand.EndSession command)
    {
        if (FindOwned(command.Actor, command.SessionId, out var session) is { } rejected)
        {
            return rejected;
        }

        var reason = command.Actor.Kind switch
        {
            RoutingActorKind.Agent => EndReason.ClosedByAgent,
            RoutingActorKind.Visitor => EndReason.ClosedByVisitor,
            RoutingActorKind.System => EndReason.Inactive,
            _ => EndReason.ClosedByAdmin,
        };
        return RoutingDecision.Ended(Finish(session, reason));
    }

    private RoutingDecision AssignDirect(RoutingCommand.AssignDirect command)
    {
        if (RejectNewSession(command.SessionId, command.VisitorId) is { } rejected)
        {
            return rejected;
        }

        var queueId = command.QueueId ?? Settings.DefaultQueueId;
        if (queueId is int q && !_queues.ContainsKey(q))
        {
            return Reject(RoutingError.QueueNotFound, $"Queue {q} does not exist.");
        }

        if (!_agents.TryGetValue(command.AgentId, out var agent))
        {
            return Reject(RoutingError.AgentNotFound, $"Agent '{command.AgentId}' does not exist.");
        }

        if (!agent.IsReachable)
        {
            return Reject(RoutingError.AgentUnavailable, $"Agent '{agent.Id}' is offline or disabled.");
        }

        var session = new SessionEntry(command.SessionId, command.VisitorId, ++_arrivalSeq, _now) { QueueId = queueId };
        _sessions.Add(session.Id, session);
        _openSessionByVisitor.Add(session.VisitorId, session);
        Assign(session, agent, AssignmentReason.Direct, previousAgentId: null);
        return RoutingDecision.Assigned(session.ToSnapshot());
    }

    /// <summary>
    /// Finds a session the actor may change: a visitor only its own, an agent only one it is serving,
    /// an administrator any of the tenant's.
    /// </summary>
    private RoutingDecision? FindOwned(RoutingActor actor, string sessionId, out SessionEntry session)
    {
        if (!_sessions.TryGetValue(sessionId, out session!))
        {
            return Reject(RoutingError.SessionNotFound, $"Session '{sessionId}' was not found.");
        }

        var owns = actor.Kind switch
        {
            RoutingActorKind.Visitor => !string.IsNullOrEmpty(actor.Id) && session.VisitorId == actor.Id,
            RoutingActorKind.Agent => !string.IsNullOrEmpty(actor.Id) && session.Agent?.Id == actor.Id,
            _ => true,
        };

        // Not telling a stranger whether the session exists.
        return owns ? null : Reject(RoutingError.SessionNotFound, $"Session '{sessionId}' was not found.");
    }

    /// <summary>Transfers are for the serving agent and administrators, never the visitor.</summary>
    private RoutingDecision? FindTransferable(RoutingActor actor, string sessionId, out SessionEntry session) =>
        FindOwned(actor, sessionId, out session) ?? (actor.Kind == RoutingActorKind.Visitor
            ? Reject(RoutingError.NotSessionOwner, "Only the serving agent or an administrator can transfer a session.")
            : null);

    private RoutingDecision Describe(SessionEntry session, bool existing) =>
        session.State == SessionState.Processing
            ? RoutingDecision.Assigned(session.ToSnapshot(), existing)
            : RoutingDecision.Queued(session.ToSnapshot(), PositionOf(session), existing);
}
