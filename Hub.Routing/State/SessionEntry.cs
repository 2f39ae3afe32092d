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

    /// <summary>The version of its last change, see <see cref="SessionSnapshot.Version"/>.</summary>
    public long Version { get; set; }

    /// <summary>The line it waits in while <see cref="State"/> is Wait.</summary>
    public WaitingLine? Line { get; set; }

    /// <summary>
    /// The arrival counter, unique in the tenant, so equal hashes still mean the same entry (equality
    /// stays by reference). Saves the runtime's first-use identity hash on every new session, which the
    /// agent's <see cref="AgentEntry.Sessions"/> set would otherwise pay; nothing depends on that set's order.
    /// </summary>
    public override int GetHashCode() => ArrivalSeq.GetHashCode();

    public SessionSnapshot ToSnapshot() => ToSnapshot(State);

    /// <summary>The snapshot as it would be in <paramref name="state"/>, e.g. the final state of a session being ended.</summary>
    public SessionSnapshot ToSnapshot(SessionState state) =>
        new(Id, VisitorId, state, QueueId, SpecifiedAgentId, Agent?.Id, CreatedAt, AssignedAt, Version);
}
