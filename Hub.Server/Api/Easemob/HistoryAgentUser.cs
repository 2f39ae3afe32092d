namespace KefuHub.Server.Api.Easemob;

/// <param name="TenantId">A string, as in Easemob's example.</param>
public sealed record HistoryAgentUser(string UserId, string? Username, string? Nicename, string? TrueName, string TenantId);
