using KefuHub.Routing;
using KefuHub.Server.Conversations;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.AdminConsole;

/// <summary>
/// <c>GET /monitor</c>: one read of routing for the console's live monitor (agents, every queue's line,
/// the oldest waiting sessions), so that a refresh is one call and all figures are of the same moment.
/// </summary>
internal static class MonitorEndpoints
{
    private const int MaxWaitingItems = 50;

    public static RouteGroupBuilder MapMonitorEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/monitor", GetAsync).WithMetadata(new RequiredPermission(Security.Permission.Monitoring));
        return tenant;
    }

    private static async Task<IResult> GetAsync(
        int tenantId,
        RoutingEngine engine,
        IAgentStore agents,
        IQueueStore queues,
        IVisitorStore visitors,
        SessionViews views,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (snapshots, waiting, waitingCount) = await engine.ReadAsync(
            tenantId,
            s => (s.GetAgents(), s.GetWaiting(int.MaxValue), s.WaitingCount),
            cancellationToken);
        var records = await agents.ListAgentsAsync(tenantId, cancellationToken);
        var byId = snapshots.ToDictionary(a => a.AgentId, StringComparer.Ordinal);

        var agentViews = records
            .Select(r => byId.TryGetValue(r.UserId, out var a)
                ? new MonitorAgentView(r.Username, r.Nicename, r.Enabled, a.State.ToString(), a.MaxServiceSessionCount, a.CurrentSessionCount, a.QueueIds)
                : new MonitorAgentView(r.Username, r.Nicename, r.Enabled, nameof(AgentState.Offline), r.MaxServiceSessionCount, 0, []))
            .OrderBy(a => a.Username, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var lines = waiting.GroupBy(s => s.QueueId).ToDictionary(g => g.Key ?? 0, g => (Count: g.Count(), Oldest: g.Min(s => s.CreatedAt)));
        var queueViews = new List<MonitorQueueView>();
        foreach (var queue in await queues.ListQueuesAsync(tenantId, cancellationToken))
        {
            var members = queue.AgentUserIds.Select(id => byId.GetValueOrDefault(id)).OfType<AgentSnapshot>().ToList();
            queueViews.Add(Line(queue.QueueId, queue.QueueName, lines, members));
        }

        // The tenant-wide line (sessions started without a queue): any agent may serve it.
        if (lines.ContainsKey(0) || queueViews.Count == 0)
        {
            queueViews.Add(Line(null, null, lines, snapshots));
        }

        var items = new List<MonitorWaitingView>(Math.Min(MaxWaitingItems, waiting.Count));
        foreach (var session in waiting.Take(MaxWaitingItems))
        {
            var visitor = await visitors.GetVisitorAsync(tenantId, session.VisitorId, cancellationToken);
            items.Add(new MonitorWaitingView(
                session.SessionId,
                session.VisitorId,
                visitor?.Nickname,
                session.QueueId,
                await views.UsernameAsync(tenantId, session.SpecifiedAgentId, cancellationToken),
                session.CreatedAt));
        }

        return ApiResponse.Entity(new MonitorView(time.GetUtcNow(), agentViews, queueViews, waitingCount, items));
    }

    private static MonitorQueueView Line(int? queueId, string? name, Dictionary<int, (int Count, DateTimeOffset Oldest)> lines, IReadOnlyList<AgentSnapshot> members)
    {
        var online = members.Where(a => a.Enabled && a.State == AgentState.Online).ToList();
        var found = lines.TryGetValue(queueId ?? 0, out var line);
        return new MonitorQueueView(
            queueId,
            name,
            found ? line.Count : 0,
            found ? line.Oldest : null,
            members.Count,
            online.Count,
            online.Sum(a => Math.Max(0, a.MaxServiceSessionCount - a.CurrentSessionCount)));
    }
}
