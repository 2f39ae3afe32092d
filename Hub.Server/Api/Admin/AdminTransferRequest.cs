namespace KefuHub.Server.Api.Admin;

/// <summary>Exactly one of the two.</summary>
public sealed record AdminTransferRequest(string? ToAgentUsername, int? ToQueueId);
