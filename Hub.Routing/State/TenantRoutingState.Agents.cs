namespace KefuHub.Routing.State;

// Commands on agents, queues, presence and tenant settings.
public sealed partial class TenantRoutingState
{
    private RoutingDecision UpsertAgent(RoutingCommand.UpsertAgent command)
    {
        if (string.IsNullOrEmpty(command.AgentId))
        {
            return Reject(RoutingError.InvalidArgument, "An agent id is required.");
        }

        if (command.MaxServiceSessionCount < 0)
        {
            return Reject(RoutingError.InvalidArgument, "maxServiceSessionCount cannot be negative.");
        }

        if (!_agents.TryGetValue(command.AgentId, out var agent))
        {
            agent = new AgentEntry(command.AgentId);
            _agents.Add(agent.Id, agent);
        }

        ChangeRouting(agent, a =>
        {
            a.Enabled = command.Enabled;
            a.Max = command.MaxServiceSessionCount;
        });
        return RoutingDecision.Applied;
    }

    private RoutingDecision RemoveAgent(RoutingCommand.RemoveAgent command)
    {
        if (!_agents.TryGetValue(command.AgentId, out var agent))
        {
            return Reject(RoutingError.AgentNotFound, $"Agent '{command.AgentId}' does not exist.");
        }

        ChangeRouting(agent, a => a.Enabled = false);
        foreach (var session in SortedByArrival(agent.Sessions))
        {
            Requeue(session, QueueReason.AgentRemoved);
        }

        if (_specifiedLines.TryGetValue(agent.Id, out var line))
        {
            foreach (var session in SortedByArrival(line))
            {
                CancelDeadline(DeadlineKind.SpecifiedAgentTimeout, session.Id);
                session.SpecifiedAgentId = null;
                Requeue(session, QueueReason.AgentRemoved);
            }
        }

        foreach (var queueId in agent.QueueIds)
        {
            _queues[queueId].Members.Remove(agent);
        }

        CancelDeadline(DeadlineKind.AgentOffline, agent.Id);
        _dirtyAgents.Remove(agent);
        _agents.Remove(agent.Id);
        return RoutingDecision.Applied;
    }

    private RoutingDecision SetAgentState(RoutingCommand.SetAgentState command)
    {
        if (!_agents.TryGetValue(command.AgentId, out var agent))
        {
            return Reject(RoutingError.AgentNotFound, $"Agent '{command.AgentId}' does not exist.");
        }

        if (!Enum.IsDefined(command.State))
        {
            return Reject(RoutingError.InvalidArgument, $"Unknown agent state {command.State}.");
        }

        if (agent.State == command.State)
        {
            return RoutingDecision.Applied;
        }

        if (command.State == AgentState.Offline)
        {
            GoOffline(agent);
        }
        else
        {
            ChangeRouting(agent, a => a.State = command.State);
            _events.Add(new RoutingEvent.AgentStateChanged(agent.Id, agent.State));
        }

        return RoutingDecision.Applied;
    }

    /// <summary>The agent turns Offline and its sessions go back to their lines at their original place (rule 7).</summary>
    private void GoOffline(AgentEntry agent)
    {
        CancelDeadline(DeadlineKind.AgentOffline, agent.Id);
        if (agent.State == AgentState.Offline)
        {
            return;
        }

        ChangeRouting(agent, a => a.State = AgentState.Offline);
        _events.Add(new RoutingEvent.AgentStateChanged(agent.Id, AgentState.Offline));
        foreach (var session in SortedByArrival(agent.Sessions))
        {
            Requeue(session, QueueReason.AgentOffline);
        }
    }

    private RoutingDecision AgentConnected(RoutingCommand.AgentConnected command)
    {
        if (!_agents.TryGetValue(command.AgentId, out var agent))
        {
            return Reject(RoutingError.AgentNotFound, $"Agent '{command.AgentId}' does not exist.");
        }

        agent.Connections.Add(command.ConnectionId);
        CancelDeadline(DeadlineKind.AgentOffline, agent.Id);
        return RoutingDecision.Applied;
    }

    private RoutingDecision AgentDisconnected(RoutingCommand.AgentDisconnected command)
    {
        if (_agents.TryGetValue(command.AgentId, out var agent) &&
            agent.Connections.Remove(command.ConnectionId) &&
            agent.Connections.Count == 0 &&
            agent.State != AgentState.Offline)
        {
            if (Settings.AgentOfflineGrace <= TimeSpan.Zero)
            {
                GoOffline(agent);
            }
            else
            {
                AddDeadline(DeadlineKind.AgentOffline, agent.Id, Settings.AgentOfflineGrace);
            }
        }

        return RoutingDecision.Applied;
    }

    private RoutingDecision VisitorConnected(RoutingCommand.VisitorConnected command)
    {
        if (!_visitorConnections.TryGetValue(command.VisitorId, out var connections))
        {
            connections = new HashSet<string>(StringComparer.Ordinal);
            _visitorConnections.Add(command.VisitorId, connections);
        }

        connections.Add(command.ConnectionId);
        CancelDeadline(DeadlineKind.VisitorGone, command.VisitorId);
        return RoutingDecision.Applied;
    }

    private RoutingDecision VisitorDisconnected(RoutingCommand.VisitorDisconnected command)
    {
        if (!_visitorConnections.TryGetValue(command.VisitorId, out var connections) ||
            !connections.Remove(command.ConnectionId) ||
            connections.Count > 0)
        {
            return RoutingDecision.Applied;
        }

        _visitorConnections.Remove(command.VisitorId);
        if (_openSessionByVisitor.TryGetValue(command.VisitorId, out var session) && session.State == SessionState.Wait)
        {
            if (Settings.VisitorWaitGrace <= TimeSpan.Zero)
            {
                Finish(session, EndReason.VisitorLeft);
            }
            else
            {
                AddDeadline(DeadlineKind.VisitorGone, command.VisitorId, Settings.VisitorWaitGrace);
            }
        }

        return RoutingDecision.Applied;
    }

    private RoutingDecision SetQueue(RoutingCommand.SetQueue command)
    {
        var members = new HashSet<AgentEntry>();
        foreach (var agentId in command.AgentIds)
        {
            if (!_agents.TryGetValue(agentId, out var agent))
            {
                return Reject(RoutingError.AgentNotFound, $"Agent '{agentId}' does not exist.");
            }

            members.Add(agent);
        }

        if (!_queues.TryGetValue(command.QueueId, out var queue))
        {
            queue = new SkillQueue(command.QueueId, _options.HandlingTimeSamples);
            _queues.Add(command.QueueId, queue);
        }

        foreach (var agent in queue.Members.Where(a => !members.Contains(a)).ToList())
        {
            queue.Members.Remove(agent);
            queue.Routable.Remove(agent);
            agent.QueueIds.Remove(command.QueueId);
        }

        foreach (var agent in members.Where(a => !queue.Members.Contains(a)))
        {
            queue.Members.Add(agent);
            agent.QueueIds.Add(command.QueueId);
            if (agent.IsRoutable)
            {
                queue.Routable.Add(agent);
                _dirtyAgents.Add(agent);
            }
        }

        return RoutingDecision.Applied;
    }

    private RoutingDecision RemoveQueue(RoutingCommand.RemoveQueue command)
    {
        if (!_queues.TryGetValue(command.QueueId, out var queue))
        {
            return Reject(RoutingError.QueueNotFound, $"Queue {command.QueueId} does not exist.");
        }

        if (Settings.DefaultQueueId == command.QueueId)
        {
            Settings = Settings with { DefaultQueueId = null };
        }

        foreach (var agent in queue.Members)
        {
            agent.QueueIds.Remove(command.QueueId);
        }

        var waiting = SortedByArrival(queue.Line);
        _queues.Remove(command.QueueId);
        var target = Settings.DefaultQueueId;
        foreach (var session in _sessions.Values)
        {
            if (session.QueueId == command.QueueId)
            {
                session.QueueId = target;
            }
        }

        foreach (var session in waiting)
        {
            Requeue(session, QueueReason.QueueRemoved);
        }

        return RoutingDecision.Applied;
    }

    private RoutingDecision ConfigureTenant(RoutingCommand.ConfigureTenant command)
    {
        var settings = command.Settings;
        if (settings.DefaultQueueId is int q && !_queues.ContainsKey(q))
        {
            return Reject(RoutingError.QueueNotFound, $"Default queue {q} does not exist.");
        }

        if (!IsGrace(settings.AgentOfflineGrace) || !IsGrace(settings.VisitorWaitGrace) || !IsGrace(settings.SpecifiedAgentTimeout))
        {
            return Reject(RoutingError.InvalidArgument, $"Grace periods and timeouts must be between 0 and {MaxGrace.TotalHours} hours.");
        }

        if (settings.TimePlan?.Validate() is { } problem)
        {
            return Reject(RoutingError.InvalidArgument, problem);
        }

        // Working hours decide only between waiting and the leave-a-message form, never who is eligible,
        // so no waiting session can be assigned because of a new plan.
        Settings = settings;
        return RoutingDecision.Applied;
    }

    private static readonly TimeSpan MaxGrace = TimeSpan.FromDays(1);

    private static bool IsGrace(TimeSpan value) => value >= TimeSpan.Zero && value <= MaxGrace;

    private static List<SessionEntry> SortedByArrival(IEnumerable<SessionEntry> sessions)
    {
        var list = sessions.ToList();
        list.Sort(ArrivalOrder.Instance);
        return list;
    }
}
