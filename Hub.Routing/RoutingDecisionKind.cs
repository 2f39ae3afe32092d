namespace KefuHub.Routing;

public enum RoutingDecisionKind
{
    /// <summary>The session is being served by an agent.</summary>
    Assigned = 0,

    /// <summary>The session waits in a line.</summary>
    Queued = 1,

    /// <summary>Closed hours and nobody can take it: no session was created; offer the leave-a-message form.</summary>
    LeaveMessage = 2,

    /// <summary>The session ended (Terminal or Abort).</summary>
    Ended = 3,

    /// <summary>A change that concerns no session (agent state, configuration, presence) was applied.</summary>
    Applied = 4,

    /// <summary>Refused; see <see cref="RoutingDecision.Error"/>.</summary>
    Rejected = 5,
}
