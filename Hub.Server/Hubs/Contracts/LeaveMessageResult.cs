namespace KefuHub.Server.Hubs.Contracts;

public sealed record LeaveMessageResult(long LeaveMessageId);
