namespace KefuHub.LoadTests.Client;

/// <summary>An item of <c>GET /waitings</c>.</summary>
internal sealed record WaitingItemEntity(string ServiceSessionId, string? VisitorId, int? QueueId);
