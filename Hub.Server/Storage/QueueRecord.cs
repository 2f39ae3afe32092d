namespace KefuHub.Server.Storage;

/// <summary>A skill group and its members (agent user ids).</summary>
public sealed record QueueRecord
{
    public required int TenantId { get; init; }

    public required int QueueId { get; init; }

    public required string QueueName { get; init; }

    public IReadOnlyList<string> AgentUserIds { get; init; } = [];
}
