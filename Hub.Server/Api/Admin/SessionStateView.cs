namespace KefuHub.Server.Api.Admin;

public sealed record SessionStateView(string ServiceSessionId, string State, string? EndReason);
