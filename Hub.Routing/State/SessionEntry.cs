namespace KefuHub.Routing.State;

/// <summary>An open session's mutable routing state. Ended sessions leave the state.</summary>
internal sealed class SessionEntry(string id, string visitorId, long arrivalSeq, DateTimeOffset createdAt)
{
    public string Id { get; } = id;

    public string VisitorId { get; } = visitorId;

    /// <summary>Order of arrival in the tenant; a session re-entering a line keeps it (rules 4–7).</summary>
    public long ArrivalSeq { get; } = arrivalSeq;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public SessionState State { get; set; } = SessionState.Wait;

    public int? QueueId { get; set; }

    public string? SpecifiedAgentId { get; set; }

    public AgentEntry? Agent { get; set; }

    public DateTimeOffset? AssignedAt { get; set; }

    /// <summary>The line it waits in while <see cref="State"/> is Wait.</summary>
    public WaitingLine? Line { get; set; }

    public SessionSnapshot ToSnapshot() =>
        new(Id, VisitorId, State, QueueId, SpecifiedAgentId, Agent?.Id, CreatedAt, AssignedAt);
}
