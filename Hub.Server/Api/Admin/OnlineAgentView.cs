namespace KefuHub.Server.Api.Admin;

public sealed record OnlineAgentView(string Username, string Nicename, string State, int MaxServiceSessionCount, int CurrentSessionCount);
