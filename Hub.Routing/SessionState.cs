namespace KefuHub.Routing;

/// <summary>Session states, as in Easemob's history API.</summary>
public enum SessionState
{
    /// <summary>Waiting in a line for an agent.</summary>
    Wait = 0,

    /// <summary>Assigned to an agent and being served.</summary>
    Processing = 1,

    /// <summary>Closed by the agent, the visitor or the API.</summary>
    Terminal = 2,

    /// <summary>Abandoned before an agent took it.</summary>
    Abort = 3,

    /// <summary>
    /// Open with the tenant's robot, outside routing: in no line and holding no agent's capacity. The engine never
    /// holds such a session; the hub keeps it until it goes to people as a new session would.
    /// </summary>
    Robot = 4,
}
