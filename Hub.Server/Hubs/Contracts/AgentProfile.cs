namespace KefuHub.Server.Hubs.Contracts;

public sealed record AgentProfile(string UserId, string Username, string Nicename, string Roles, int MaxServiceSessionCount);
