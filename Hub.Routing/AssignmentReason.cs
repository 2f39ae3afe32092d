namespace KefuHub.Routing;

public enum AssignmentReason
{
    /// <summary>The engine chose the agent (rules 1–5).</summary>
    Routed = 0,

    /// <summary>The agent took a waiting session.</summary>
    Picked = 1,

    /// <summary>Another agent or an administrator transferred it.</summary>
    Transferred = 2,

    /// <summary>Opened straight onto the agent through the API, capacity not checked.</summary>
    Direct = 3,
}
