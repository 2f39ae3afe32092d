namespace KefuHub.Server.Api.Admin;

public sealed record QueueView(int QueueId, string QueueName, IReadOnlyList<string> AgentUsernames);
