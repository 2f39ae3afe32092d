using KefuHub.Server.Storage;

namespace KefuHub.Server.Hubs.Contracts;

/// <summary>A leave-a-message record as every client sees it: the agents' push, the REST list and the webhook.</summary>
/// <param name="Status"><c>Untreated</c>, <c>Processing</c> or <c>Resolved</c>.</param>
/// <param name="AssigneeUsername">The agent handling it, or null.</param>
public sealed record LeaveMessageView(
    long LeaveMessageId,
    string? VisitorId,
    string? Name,
    string? Phone,
    string? Email,
    string Content,
    int? QueueId,
    string Status,
    DateTimeOffset CreateDatetime,
    DateTimeOffset UpdateDatetime,
    string? AssigneeUsername)
{
    public static LeaveMessageView From(LeaveMessageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.LeaveMessageId, record.VisitorId, record.Name, record.Phone, record.Email, record.Content, record.QueueId, record.Status.ToString(), record.CreatedAt, record.UpdatedAt, record.AssigneeUsername);
    }
}
