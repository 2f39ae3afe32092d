namespace KefuHub.Routing;

/// <summary>The result of applying one command to a tenant's state.</summary>
/// <param name="NextDeadline">The tenant's earliest pending grace or timeout deadline after the command, if any.</param>
public sealed record RoutingCommandOutcome(
    RoutingDecision Decision,
    IReadOnlyList<RoutingEvent> Events,
    DateTimeOffset? NextDeadline);
