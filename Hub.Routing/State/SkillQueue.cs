namespace KefuHub.Routing.State;

/// <summary>A skill group: its members, the routable ones ordered least busy first, and its waiting line.</summary>
internal sealed class SkillQueue(int? id, int handlingTimeSamples)
{
    /// <summary>Null for the tenant-wide pseudo-queue that every agent belongs to.</summary>
    public int? Id { get; } = id;

    public HashSet<AgentEntry> Members { get; } = [];

    /// <summary>Members that are routable (enabled, Online, max above 0).</summary>
    public AgentHeap Routable { get; } = new();

    public WaitingLine Line { get; } = new(new WaitingLineKey(id, null));

    public HandlingTimeWindow HandlingTimes { get; } = new(handlingTimeSamples);
}
