namespace KefuHub.LoadTests.Client;

/// <summary>A session as the routing REST calls show it.</summary>
internal sealed record SessionEntity(string ServiceSessionId, string VisitorId, string State, int? QueueId, string? AgentUsername);
