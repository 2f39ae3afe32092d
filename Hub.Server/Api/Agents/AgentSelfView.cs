namespace KefuHub.Server.Api.Agents;

/// <param name="Permissions">What the agent may do beyond its own sessions (its role's): <c>admin</c>, <c>history</c>, <c>leaveMessages</c>, <c>monitoring</c>.</param>
public sealed record AgentSelfView(
    string UserId,
    string Username,
    string Nicename,
    string? TrueName,
    string? MobilePhone,
    string? AvatarUrl,
    string Roles,
    int MaxServiceSessionCount,
    IReadOnlyList<string> Permissions);
