namespace KefuHub.Routing;

/// <summary>An agent's routing view: state, capacity and load.</summary>
/// <param name="CurrentSessionCount">Sessions the agent is processing now.</param>
/// <param name="ConnectionCount">Live hub connections the engine has been told of.</param>
public sealed record AgentSnapshot(
    string AgentId,
    bool Enabled,
    AgentState State,
    int MaxServiceSessionCount,
    int CurrentSessionCount,
    int ConnectionCount,
    IReadOnlyList<int> QueueIds);
