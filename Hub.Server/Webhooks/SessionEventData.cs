namespace KefuHub.Server.Webhooks;

/// <summary>The session after the change; <paramref name="PreviousAgentUsername"/> is set on SessionTransferred.</summary>
public sealed record SessionEventData(
    string ServiceSessionId,
    string VisitorId,
    string State,
    int? QueueId,
    string? AgentUsername,
    string? PreviousAgentUsername,
    string? EndReason,
    DateTimeOffset CreateDatetime,
    DateTimeOffset? StartDateTime,
    DateTimeOffset? StopDateTime);
