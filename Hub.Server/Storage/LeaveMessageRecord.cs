namespace KefuHub.Server.Storage;

/// <summary>What a visitor left on the leave-a-message form.</summary>
public sealed record LeaveMessageRecord
{
    public required int TenantId { get; init; }

    /// <summary>Assigned by the store on creation.</summary>
    public long LeaveMessageId { get; init; }

    public string? VisitorId { get; init; }

    public string? Name { get; init; }

    public string? Phone { get; init; }

    public string? Email { get; init; }

    public required string Content { get; init; }

    public int? QueueId { get; init; }

    public LeaveMessageStatus Status { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The agent handling it, if any.</summary>
    public string? AssigneeUserId { get; init; }

    /// <summary>The assignee's username, as the store reads it with the record (not written).</summary>
    public string? AssigneeUsername { get; init; }
}
