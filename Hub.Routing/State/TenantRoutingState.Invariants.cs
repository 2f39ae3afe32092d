namespace KefuHub.Routing.State;

// Self-check of the state's internal consistency and of the routing invariants (CONTRACT.md rule 9).
public sealed partial class TenantRoutingState
{
    /// <summary>
    /// Every broken invariant, described; empty when the state is sound. O(n log n): for tests and
    /// diagnostics, not for the hot path.
    /// </summary>
    internal List<string> FindInvariantViolations()
    {
        var problems = new List<string>();
        var loads = new Dictionary<AgentEntry, int>();
        var visitors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var session in _sessions.Values)
        {
            if (!visitors.Add(session.VisitorId))
            {
                problems.Add($"visitor {session.VisitorId} has two open sessions");
            }

            if (!_openSessionByVisitor.TryGetValue(session.VisitorId, out var open) || open != session)
            {
                problems.Add($"session {session.Id} is not its visitor's open session");
            }

            switch (session.State)
            {
                case SessionState.Processing:
                    if (session.Agent is null || !session.Agent.Sessions.Contains(session) || session.Line is not null)
                    {
                        problems.Add($"processing session {session.Id} is not held by exactly its agent");
                    }
                    else
                    {
                        loads[session.Agent] = loads.GetValueOrDefault(session.Agent) + 1;
                    }

                    break;
                case SessionState.Wait:
                    var expected = session.SpecifiedAgentId is { } spec
                        ? WaitingLineKey.ForAgent(spec)
                        : QueueOf(session).Line.Key;
                    if (session.Agent is not null || session.Line is null || session.Line.Key != expected || !_allWaiting.Contains(session))
                    {
                        problems.Add($"waiting session {session.Id} is not in its line {expected}");
                    }
                    else if (BestAgentFor(session) is { } eligible)
                    {
                        problems.Add($"session {session.Id} waits while agent {eligible.Id} is eligible for it");
                    }

                    break;
                default:
                    problems.Add($"ended session {session.Id} is still in the state");
                    break;
            }
        }

        if (_openSessionByVisitor.Count != _sessions.Count || _allWaiting.Count != _sessions.Values.Count(s => s.State == SessionState.Wait))
        {
            problems.Add("the visitor or waiting indexes disagree with the sessions");
        }

        foreach (var agent in _agents.Values)
        {
            if (agent.Load != loads.GetValueOrDefault(agent))
            {
                problems.Add($"agent {agent.Id} counts {agent.Load} sessions but holds {loads.GetValueOrDefault(agent)}");
            }

            foreach (var queue in _queues.Values.Append(_anyQueue))
            {
                var member = queue.Id is not int id || agent.QueueIds.Contains(id);
                if (queue.Routable.Contains(agent) != (member && agent.IsRoutable))
                {
                    problems.Add($"agent {agent.Id} routable={agent.IsRoutable} is misfiled in queue {queue.Id}");
                }
            }
        }

        foreach (var queue in _queues.Values.Append(_anyQueue))
        {
            var capacity = _agents.Values.Where(a => a.IsRoutable && (queue.Id is not int id || a.QueueIds.Contains(id))).Sum(a => a.Max);
            if (queue.Routable.TotalCapacity != capacity)
            {
                problems.Add($"queue {queue.Id} capacity {queue.Routable.TotalCapacity} should be {capacity}");
            }

            var best = _agents.Values
                .Where(a => a.IsRoutable && a.HasSpareCapacity && (queue.Id is not int id || a.QueueIds.Contains(id)))
                .Order(LeastBusyAgentOrder.Instance)
                .FirstOrDefault();
            if (queue.Routable.BestWithCapacity != best)
            {
                problems.Add($"queue {queue.Id} offers {queue.Routable.BestWithCapacity?.Id} instead of {best?.Id}");
            }
        }

        return problems;
    }
}
