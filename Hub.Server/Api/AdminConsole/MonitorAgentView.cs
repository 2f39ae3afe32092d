namespace KefuHub.Server.Api.AdminConsole;

/// <param name="State">The routing state now: <c>Online</c>, <c>Busy</c>, <c>Leave</c>, <c>Hidden</c> or <c>Offline</c>.</param>
/// <param name="CurrentSessionCount">Sessions the agent is processing now.</param>
public sealed record MonitorAgentView(
    string Username,
    string Nicename,
    bool Enabled,
    string State,
    int MaxServiceSessionCount,
    int CurrentSessionCount,
    IReadOnlyList<int> QueueIds);
