namespace KefuHub.Routing;

/// <summary>
/// What changed as a result of one command. The server turns these into hub pushes and webhooks;
/// the engine raises them for timer-driven changes too, when no caller is waiting.
/// </summary>
public abstract record RoutingEvent
{
    private RoutingEvent()
    {
    }

    public sealed record SessionAssigned(SessionSnapshot Session, AssignmentReason Reason, string? PreviousAgentId) : RoutingEvent;

    public sealed record SessionQueued(SessionSnapshot Session, QueueReason Reason, string? PreviousAgentId) : RoutingEvent;

    public sealed record SessionEnded(SessionSnapshot Session, EndReason Reason) : RoutingEvent;

    public sealed record AgentStateChanged(string AgentId, AgentState State) : RoutingEvent;

    /// <summary>
    /// Sessions entered or left the line, so positions behind the change moved. Callers recompute the
    /// line's positions (coalesced) and push those that differ, see <see cref="QueuePositionTracker"/>.
    /// </summary>
    public sealed record WaitingLineChanged(WaitingLineKey Line, int WaitingCount) : RoutingEvent;
}
