namespace KefuHub.Server.Api.AdminConsole;

/// <param name="SpecifiedAgent">The username the visitor asked for, while the session waits for that agent.</param>
public sealed record MonitorWaitingView(
    string ServiceSessionId,
    string VisitorId,
    string? VisitorNickname,
    int? QueueId,
    string? SpecifiedAgent,
    DateTimeOffset CreateDatetime);
