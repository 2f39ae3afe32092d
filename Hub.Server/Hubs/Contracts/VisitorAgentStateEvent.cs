namespace KefuHub.Server.Hubs.Contracts;

/// <summary>To a visitor: the state of the agent serving its session changed (<c>agentState</c>).</summary>
public sealed record VisitorAgentStateEvent(string ServiceSessionId, string State);
