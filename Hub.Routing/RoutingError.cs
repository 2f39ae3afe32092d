namespace KefuHub.Routing;

/// <summary>Why the engine refused a request. Refusals are values, not exceptions.</summary>
public enum RoutingError
{
    None = 0,
    InvalidArgument,
    SessionNotFound,
    AgentNotFound,
    QueueNotFound,
    NotSessionOwner,
    InvalidSessionState,
    AgentAtCapacity,
    AgentUnavailable,
    AgentNotInQueue,
    VisitorHasOpenSession,
    TooManyWaiting,
}
