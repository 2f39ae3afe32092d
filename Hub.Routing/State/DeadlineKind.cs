namespace KefuHub.Routing.State;

internal enum DeadlineKind
{
    /// <summary>Key: agent id. The agent turns Offline unless it reconnected (rule 7).</summary>
    AgentOffline = 0,

    /// <summary>Key: visitor id. Its waiting session aborts unless it reconnected (rule 7).</summary>
    VisitorGone = 1,

    /// <summary>Key: session id. The session falls back to its queue (rule 5).</summary>
    SpecifiedAgentTimeout = 2,
}
