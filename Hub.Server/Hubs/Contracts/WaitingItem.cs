namespace KefuHub.Server.Hubs.Contracts;

public sealed record WaitingItem(string ServiceSessionId, DateTimeOffset CreateDatetime, int? QueueId, string? SpecifiedAgent, string VisitorId);
