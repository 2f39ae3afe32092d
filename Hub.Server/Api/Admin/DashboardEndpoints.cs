using System.Globalization;
using KefuHub.Routing;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.Admin;

internal static class DashboardEndpoints
{
    private const int SeriesDays = 30;

    public static RouteGroupBuilder MapDashboardEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/dashboard", GetAsync).WithMetadata(new RequiredPermission(Security.Permission.Monitoring));
        return tenant;
    }

    /// <summary>
    /// Counts by local day in the time zone of the tenant's time plan (UTC without one). Online agents
    /// come from routing (state Online now); everything else from the durable store.
    /// </summary>
    private static async Task<IResult> GetAsync(
        int tenantId,
        ITenantStore tenants,
        IAgentStore agents,
        IDashboardStore dashboard,
        RoutingEngine engine,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var plan = await tenants.GetTimePlanAsync(tenantId, cancellationToken);
        var zone = plan is not null && TimeZoneInfo.TryFindSystemTimeZoneById(plan.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var today = LocalDays.DateAt(time.GetUtcNow(), zone);
        var counts = await dashboard.GetDashboardCountsAsync(tenantId, LocalDays.Starts(today, SeriesDays, zone), cancellationToken);
        var online = await engine.ReadAsync(tenantId, s => s.GetAgents().Count(a => a.Enabled && a.State == AgentState.Online), cancellationToken);

        var byAgent = counts.LastDayByAgent.ToDictionary(c => c.AgentUserId, c => c.Count, StringComparer.Ordinal);
        var perAgent = (await agents.ListAgentsAsync(tenantId, cancellationToken))
            .Select(a => new AgentDailyCount(a.Username, a.Nicename, byAgent.GetValueOrDefault(a.UserId)))
            .OrderByDescending(a => a.Count)
            .ThenBy(a => a.Username, StringComparer.OrdinalIgnoreCase)
            .ToList();

        return ApiResponse.Entity(new DashboardView(
            zone.Id,
            Format(today),
            counts.SessionsPerDay[^1],
            counts.Processing,
            online,
            counts.MessagesPerDay[^1],
            Series(today, counts.SessionsPerDay),
            Series(today, counts.MessagesPerDay),
            perAgent));
    }

    private static List<DailyCount> Series(DateOnly today, IReadOnlyList<int> perDay) =>
        perDay.Select((count, i) => new DailyCount(Format(today.AddDays(i - perDay.Count + 1)), count)).ToList();

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
