namespace KefuHub.Routing.State;

/// <summary>
/// A tenant's whole routing state as plain data, so that a shared store can save it and a new replica
/// start from it instead of replaying every command since the beginning. Collections are in a fixed order
/// (by id or arrival), so equal states give equal snapshots.
/// </summary>
public sealed record TenantRoutingStateSnapshot
{
    public required TenantRoutingSettings Settings { get; init; }

    public required DateTimeOffset Now { get; init; }

    public required long ArrivalSeq { get; init; }

    public required long AssignmentSeq { get; init; }

    public required long DeadlineSeq { get; init; }

    /// <summary>The last session version handed out; absent (0) in snapshots of older builds.</summary>
    public long LastVersion { get; init; }

    public required IReadOnlyList<Agent> Agents { get; init; }

    /// <summary>Every skill queue; the tenant-wide line is the one with a null id.</summary>
    public required IReadOnlyList<Queue> Queues { get; init; }

    /// <summary>Open sessions, oldest arrival first.</summary>
    public required IReadOnlyList<Session> Sessions { get; init; }

    public required IReadOnlyList<VisitorConnections> Visitors { get; init; }

    public required IReadOnlyList<PendingDeadline> Deadlines { get; init; }

    public sealed record Agent(string Id, bool Enabled, int Max, AgentState State, long LastAssignedSeq, IReadOnlyList<string> Connections);

    /// <param name="HandlingTicks">The handling-time window, oldest sample first.</param>
    public sealed record Queue(int? Id, IReadOnlyList<string> Members, IReadOnlyList<long> HandlingTicks);

    public sealed record Session(
        string Id,
        string VisitorId,
        long ArrivalSeq,
        DateTimeOffset CreatedAt,
        SessionState State,
        int? QueueId,
        string? SpecifiedAgentId,
        string? AgentId,
        DateTimeOffset? AssignedAt,
        long Version = 0);

    public sealed record VisitorConnections(string VisitorId, IReadOnlyList<string> Connections);

    /// <param name="Kind">0 agent offline, 1 visitor gone, 2 specified-agent timeout.</param>
    public sealed record PendingDeadline(long DueTicks, long Seq, int Kind, string Key);
}
