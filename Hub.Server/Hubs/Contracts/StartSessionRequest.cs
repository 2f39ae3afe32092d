namespace KefuHub.Server.Hubs.Contracts;

/// <param name="QueueId">The skill queue; null uses the tenant's default queue, or any agent.</param>
/// <param name="AgentUsername">An agent the visitor asks for (rule 5).</param>
/// <param name="Text">A first message, stored with the session.</param>
public sealed record StartSessionRequest(int? QueueId = null, string? AgentUsername = null, string? Text = null);
