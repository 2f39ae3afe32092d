namespace KefuHub.Routing;

/// <summary>
/// Identifies one line of waiting sessions: a skill queue, the tenant-wide line for sessions
/// without a queue (<see cref="QueueId"/> and <see cref="SpecifiedAgentId"/> both null), or the
/// line of sessions waiting for one specified agent.
/// </summary>
public readonly record struct WaitingLineKey(int? QueueId, string? SpecifiedAgentId)
{
    public static WaitingLineKey AnyAgent => default;

    public static WaitingLineKey ForQueue(int queueId) => new(queueId, null);

    public static WaitingLineKey ForAgent(string agentId) => new(null, agentId);

    public override string ToString() =>
        SpecifiedAgentId is not null ? $"agent:{SpecifiedAgentId}" : QueueId is int q ? $"queue:{q}" : "any";
}
