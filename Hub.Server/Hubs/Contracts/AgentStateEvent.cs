namespace KefuHub.Server.Hubs.Contracts;

/// <summary>The agent's own state changed (by itself on another device, or by the server on the offline grace).</summary>
public sealed record AgentStateEvent(string State);
