namespace KefuHub.Server.Api.Admin;

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
    DateTimeOffset UpdateDatetime);
