namespace KefuHub.Server.Hubs.Contracts;

/// <summary>A session as an agent sees it.</summary>
public sealed record SessionView(
    string ServiceSessionId,
    string VisitorId,
    string? VisitorNickname,
    string State,
    int? QueueId,
    string? AgentUsername,
    DateTimeOffset CreateDatetime,
    DateTimeOffset? StartDateTime);
