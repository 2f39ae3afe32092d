namespace KefuHub.Server.Api.Admin;

/// <summary>The home page figures of seed 000 section 2, in the tenant's time zone.</summary>
/// <param name="Date">Today, local, <c>yyyy-MM-dd</c>.</param>
/// <param name="DailySessions">New sessions on each of the last 30 days, oldest first, today last.</param>
/// <param name="AgentSessionsToday">Every agent of the tenant with the sessions created today that it serves or served last.</param>
public sealed record DashboardView(
    string TimeZone,
    string Date,
    int TodayNewSessions,
    int ProcessingSessions,
    int OnlineAgents,
    int TodayMessages,
    IReadOnlyList<DailyCount> DailySessions,
    IReadOnlyList<DailyCount> DailyMessages,
    IReadOnlyList<AgentDailyCount> AgentSessionsToday);
