namespace KefuHub.Server.Storage;

/// <summary>An agent who served a session, with its names (null once the agent was deleted).</summary>
public sealed record SessionAgentName(string UserId, string? Username, string? Nicename, string? TrueName);
