namespace KefuHub.Server.Storage;

/// <param name="SessionsPerDay">New sessions per day, one entry per day asked for, oldest first.</param>
/// <param name="MessagesPerDay">Messages per day, likewise.</param>
/// <param name="Processing">Sessions in Processing now.</param>
/// <param name="LastDayByAgent">Sessions created on the last day, by the agent who serves or last served them.</param>
public sealed record DashboardCounts(
    IReadOnlyList<int> SessionsPerDay,
    IReadOnlyList<int> MessagesPerDay,
    int Processing,
    IReadOnlyList<AgentSessionCount> LastDayByAgent);
