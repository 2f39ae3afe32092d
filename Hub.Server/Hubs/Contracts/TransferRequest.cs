namespace KefuHub.Server.Hubs.Contracts;

/// <summary>Exactly one of <paramref name="ToAgentUsername"/> and <paramref name="ToQueueId"/>.</summary>
public sealed record TransferRequest(string ServiceSessionId, string? ToAgentUsername = null, int? ToQueueId = null);
