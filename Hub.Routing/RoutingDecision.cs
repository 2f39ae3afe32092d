namespace KefuHub.Routing;

/// <summary>The engine's answer to one request.</summary>
public sealed record RoutingDecision
{
    private static readonly RoutingDecision AppliedInstance = new() { Kind = RoutingDecisionKind.Applied };

    public required RoutingDecisionKind Kind { get; init; }

    public SessionSnapshot? Session { get; init; }

    /// <summary>Set when <see cref="Kind"/> is <see cref="RoutingDecisionKind.Queued"/>.</summary>
    public QueuePosition? Position { get; init; }

    /// <summary>True when StartSession found the visitor's open session and returned it unchanged.</summary>
    public bool Existing { get; init; }

    public RoutingError Error { get; init; }

    /// <summary>A message fit for the client when <see cref="Kind"/> is <see cref="RoutingDecisionKind.Rejected"/>.</summary>
    public string? Message { get; init; }

    public bool Succeeded => Kind != RoutingDecisionKind.Rejected;

    public static RoutingDecision Applied => AppliedInstance;

    public static RoutingDecision Assigned(SessionSnapshot session, bool existing = false) =>
        new() { Kind = RoutingDecisionKind.Assigned, Session = session, Existing = existing };

    public static RoutingDecision Queued(SessionSnapshot session, QueuePosition position, bool existing = false) =>
        new() { Kind = RoutingDecisionKind.Queued, Session = session, Position = position, Existing = existing };

    public static RoutingDecision Ended(SessionSnapshot session) =>
        new() { Kind = RoutingDecisionKind.Ended, Session = session };

    public static RoutingDecision LeaveMessage() => new() { Kind = RoutingDecisionKind.LeaveMessage };

    public static RoutingDecision Rejected(RoutingError error, string message) =>
        new() { Kind = RoutingDecisionKind.Rejected, Error = error, Message = message };
}
