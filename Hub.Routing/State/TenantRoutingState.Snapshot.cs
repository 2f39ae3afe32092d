namespace KefuHub.Routing.State;

// Saving and restoring the whole state, for stores that share it between nodes.
public sealed partial class TenantRoutingState
{
    /// <summary>The whole state as data; <see cref="FromSnapshot"/> turns it back into an equal state.</summary>
    public TenantRoutingStateSnapshot ExportSnapshot() => new()
    {
        Settings = Settings,
        Now = _now,
        ArrivalSeq = _arrivalSeq,
        AssignmentSeq = _assignmentSeq,
        DeadlineSeq = _deadlineSeq,
        LastVersion = _lastVersion,
        Agents = _agents.Values.OrderBy(a => a.Id, StringComparer.Ordinal)
            .Select(a => new TenantRoutingStateSnapshot.Agent(
                a.Id, a.Enabled, a.Max, a.State, a.LastAssignedSeq, a.Connections.Order(StringComparer.Ordinal).ToList()))
            .ToList(),
        Queues = _queues.Values.OrderBy(q => q.Id).Prepend(_anyQueue)
            .Select(q => new TenantRoutingStateSnapshot.Queue(
                q.Id, q.Members.Select(m => m.Id).Order(StringComparer.Ordinal).ToList(), q.HandlingTimes.Samples().ToList()))
            .ToList(),
        Sessions = _sessions.Values.OrderBy(s => s.ArrivalSeq)
            .Select(s => new TenantRoutingStateSnapshot.Session(
                s.Id, s.VisitorId, s.ArrivalSeq, s.CreatedAt, s.State, s.QueueId, s.SpecifiedAgentId, s.Agent?.Id, s.AssignedAt, s.Version))
            .ToList(),
        Visitors = _visitorConnections.OrderBy(v => v.Key, StringComparer.Ordinal)
            .Select(v => new TenantRoutingStateSnapshot.VisitorConnections(v.Key, v.Value.Order(StringComparer.Ordinal).ToList()))
            .ToList(),
        Deadlines = _deadlines.Select(d => new TenantRoutingStateSnapshot.PendingDeadline(d.DueTicks, d.Seq, (int)d.Kind, d.Key)).ToList(),
    };

    /// <summary>Rebuilds a state saved by <see cref="ExportSnapshot"/>; the options must be those it ran with.</summary>
    public static TenantRoutingState FromSnapshot(int tenantId, RoutingOptions options, TenantRoutingStateSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var state = new TenantRoutingState(tenantId, options)
        {
            Settings = snapshot.Settings,
            _now = snapshot.Now,
            _arrivalSeq = snapshot.ArrivalSeq,
            _assignmentSeq = snapshot.AssignmentSeq,
            _deadlineSeq = snapshot.DeadlineSeq,
            _lastVersion = snapshot.LastVersion,
        };
        foreach (var a in snapshot.Agents)
        {
            var agent = new AgentEntry(a.Id) { Enabled = a.Enabled, Max = a.Max, State = a.State, LastAssignedSeq = a.LastAssignedSeq };
            agent.Connections.UnionWith(a.Connections);
            state._agents.Add(agent.Id, agent);
        }

        foreach (var q in snapshot.Queues)
        {
            var queue = q.Id is int id ? new SkillQueue(id, options.HandlingTimeSamples) : state._anyQueue;
            if (q.Id is int queueId)
            {
                state._queues.Add(queueId, queue);
            }

            foreach (var ticks in q.HandlingTicks)
            {
                queue.HandlingTimes.Add(TimeSpan.FromTicks(ticks));
            }

            foreach (var member in q.Members)
            {
                var agent = state._agents[member];
                queue.Members.Add(agent);
                if (q.Id is int memberOf)
                {
                    agent.QueueIds.Add(memberOf);
                }
            }
        }

        foreach (var s in snapshot.Sessions)
        {
            var session = new SessionEntry(s.Id, s.VisitorId, s.ArrivalSeq, s.CreatedAt)
            {
                State = s.State,
                QueueId = s.QueueId,
                SpecifiedAgentId = s.SpecifiedAgentId,
                AssignedAt = s.AssignedAt,
                Version = s.Version,
            };
            state._sessions.Add(session.Id, session);
            state._openSessionByVisitor.Add(session.VisitorId, session);
            if (s.AgentId is { } agentId)
            {
                session.Agent = state._agents[agentId];
                session.Agent.Sessions.Add(session);
            }
            else
            {
                state.PlaceInLine(session);
            }
        }

        // Loads are known now, so the heaps order agents as the original did.
        foreach (var agent in state._agents.Values.Where(a => a.IsRoutable))
        {
            state._anyQueue.Routable.Add(agent);
            foreach (var id in agent.QueueIds)
            {
                state._queues[id].Routable.Add(agent);
            }
        }

        foreach (var v in snapshot.Visitors)
        {
            state._visitorConnections.Add(v.VisitorId, new HashSet<string>(v.Connections, StringComparer.Ordinal));
        }

        foreach (var d in snapshot.Deadlines)
        {
            var deadline = new Deadline(d.DueTicks, d.Seq, (DeadlineKind)d.Kind, d.Key);
            state._deadlines.Add(deadline);
            state._deadlineByKey.Add((deadline.Kind, deadline.Key), deadline);
        }

        return state;
    }

    /// <summary>Puts a restored waiting session into its line without the events and drain a live entry causes.</summary>
    private void PlaceInLine(SessionEntry session)
    {
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

        session.Line = line;
        line.Add(session);
        _allWaiting.Add(session);
    }
}
