namespace KefuHub.Routing.State;

// Read-only views for hubs, the REST API and tests.
public sealed partial class TenantRoutingState
{
    public SessionSnapshot? GetSession(string sessionId) =>
        _sessions.TryGetValue(sessionId, out var session) ? session.ToSnapshot() : null;

    /// <summary>The visitor's open (waiting or processing) session, if any.</summary>
    public SessionSnapshot? GetOpenSession(string visitorId) =>
        _openSessionByVisitor.TryGetValue(visitorId, out var session) ? session.ToSnapshot() : null;

    public AgentSnapshot? GetAgent(string agentId) =>
        _agents.TryGetValue(agentId, out var agent) ? ToSnapshot(agent) : null;

    public IReadOnlyList<AgentSnapshot> GetAgents() =>
        _agents.Values.OrderBy(a => a.Id, StringComparer.Ordinal).Select(ToSnapshot).ToList();

    /// <summary>The sessions the agent is processing, oldest arrival first.</summary>
    public IReadOnlyList<SessionSnapshot> GetAgentSessions(string agentId) =>
        _agents.TryGetValue(agentId, out var agent)
            ? SortedByArrival(agent.Sessions).ConvertAll(s => s.ToSnapshot())
            : [];

    /// <summary>Up to <paramref name="max"/> waiting sessions of the tenant, oldest first.</summary>
    public IReadOnlyList<SessionSnapshot> GetWaiting(int max) =>
        _allWaiting.Take(max).Select(s => s.ToSnapshot()).ToList();

    /// <summary>Up to <paramref name="max"/> waiting sessions this agent may pick, oldest first.</summary>
    public IReadOnlyList<SessionSnapshot> GetWaitingFor(string agentId, int max) =>
        _agents.TryGetValue(agentId, out var agent)
            ? _allWaiting.Where(s => MayServe(agent, s)).Take(max).Select(s => s.ToSnapshot()).ToList()
            : [];

    /// <summary>How many waiting sessions this agent may pick.</summary>
    public int CountWaitingFor(string agentId) =>
        _agents.TryGetValue(agentId, out var agent) ? _allWaiting.Count(s => MayServe(agent, s)) : 0;

    /// <summary>
    /// True when the agent may see the session: it processes it, or the session waits in a line the
    /// agent serves. What an agent's hub calls on a session are checked against.
    /// </summary>
    public bool IsVisibleTo(string agentId, string sessionId) =>
        _agents.TryGetValue(agentId, out var agent) &&
        _sessions.TryGetValue(sessionId, out var session) &&
        (session.State == SessionState.Wait ? MayServe(agent, session) : session.Agent == agent);

    public QueuePosition? GetPosition(string sessionId) =>
        _sessions.TryGetValue(sessionId, out var session) && session.State == SessionState.Wait ? PositionOf(session) : null;

    /// <summary>Every session waiting in one line with its position, first in line first.</summary>
    public IReadOnlyList<QueuePosition> GetLinePositions(WaitingLineKey key)
    {
        var line = key.SpecifiedAgentId is { } agentId
            ? _specifiedLines.GetValueOrDefault(agentId)
            : key.QueueId is int queueId ? _queues.GetValueOrDefault(queueId)?.Line : _anyQueue.Line;
        if (line is null)
        {
            return [];
        }

        var positions = new List<QueuePosition>(line.Count);
        foreach (var session in line)
        {
            positions.Add(PositionAt(session, positions.Count + 1));
        }

        return positions;
    }

    private QueuePosition PositionOf(SessionEntry session)
    {
        var position = 1;
        foreach (var other in session.Line!)
        {
            if (other == session)
            {
                break;
            }

            position++;
        }

        return PositionAt(session, position);
    }

    /// <summary>Estimated wait: position × the line's average handling time ÷ the capacity serving it.</summary>
    private QueuePosition PositionAt(SessionEntry session, int position)
    {
        var line = session.Line!;
        var queue = QueueOf(session);
        var handling = queue.HandlingTimes.Average ?? _options.DefaultHandlingTime;
        var capacity = session.SpecifiedAgentId is { } agentId ? _agents[agentId].Max : queue.Routable.TotalCapacity;
        var estimate = TimeSpan.FromTicks(handling.Ticks * position / Math.Max(1, capacity));
        return new QueuePosition(session.Id, session.VisitorId, line.Key, position, line.Count, estimate);
    }

    private static AgentSnapshot ToSnapshot(AgentEntry agent) =>
        new(agent.Id, agent.Enabled, agent.State, agent.Max, agent.Load, agent.Connections.Count, agent.QueueIds.Order().ToList());
}
