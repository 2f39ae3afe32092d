namespace KefuHub.Server.Hubs.Contracts;

public sealed record LeaveMessageEvent(
    long LeaveMessageId,
    string? VisitorId,
    string? Name,
    string? Phone,
    string? Email,
    string Content,
    int? QueueId,
    DateTimeOffset CreateDatetime);
