namespace KefuHub.Server.Api.Agents;

public sealed record AgentSelfView(string UserId, string Username, string Nicename, string? TrueName, string? MobilePhone, string? AvatarUrl, string Roles, int MaxServiceSessionCount);
