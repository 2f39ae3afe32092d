namespace KefuHub.Server.Api.Admin;

public sealed record LeaveMessageStatusView(long LeaveMessageId, string Status);
