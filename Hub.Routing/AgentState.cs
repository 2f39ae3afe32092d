namespace KefuHub.Routing;

/// <summary>An agent's chosen availability, as Easemob Kefu names it. Only <see cref="Online"/> receives routed sessions.</summary>
public enum AgentState
{
    Offline = 0,
    Online = 1,
    Busy = 2,
    Leave = 3,
    Hidden = 4,
}
