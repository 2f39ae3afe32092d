namespace KefuHub.Server.Api.Admin;

public sealed record AgentDailyCount(string Username, string Nicename, int Count);
