namespace KefuHub.Server.Api.Admin;

/// <summary>On PUT, a null field is left unchanged; <paramref name="AgentUsernames"/> replaces the members.</summary>
public sealed record QueueRequest(string? QueueName, IReadOnlyList<string>? AgentUsernames);
