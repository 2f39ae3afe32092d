namespace KefuHub.Server.Hubs.Contracts;

/// <param name="State"><c>Wait</c>, <c>Processing</c>, <c>Terminal</c> or <c>Abort</c>.</param>
/// <param name="Reason">Why it changed, e.g. <c>Routed</c>, <c>Transferred</c>, <c>ClosedByAgent</c>, <c>AgentOffline</c>.</param>
public sealed record SessionStateEvent(string ServiceSessionId, string State, AgentView? Agent, string? Reason);
