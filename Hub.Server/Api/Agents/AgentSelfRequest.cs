namespace KefuHub.Server.Api.Agents;

/// <summary>An agent's own changes: null leaves a field, <c>""</c> clears the optional ones; a new password needs the current one.</summary>
public sealed record AgentSelfRequest(string? Nicename, string? TrueName, string? MobilePhone, string? AvatarUrl, string? Password, string? CurrentPassword);
