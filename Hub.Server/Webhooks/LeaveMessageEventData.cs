namespace KefuHub.Server.Webhooks;

public sealed record LeaveMessageEventData(
    long LeaveMessageId,
    string? VisitorId,
    string? Name,
    string? Phone,
    string? Email,
    string Content,
    int? QueueId,
    string Status,
    DateTimeOffset CreateDatetime);
