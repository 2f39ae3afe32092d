namespace KefuHub.Routing;

/// <summary>A visitor's request for service.</summary>
/// <param name="SessionId">The id the new session gets; the caller makes it so that replaying stays deterministic.</param>
/// <param name="QueueId">The skill queue asked for; null uses the tenant's default queue, or any agent.</param>
/// <param name="SpecifiedAgentId">An agent the visitor asked for by name (rule 5).</param>
public sealed record RoutingRequest(string SessionId, string VisitorId, int? QueueId = null, string? SpecifiedAgentId = null);
