namespace KefuHub.Server.Hubs.Contracts;

/// <summary>What a visitor sees of its agent.</summary>
public sealed record AgentView(string Nicename, string State);
