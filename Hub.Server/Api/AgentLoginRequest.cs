namespace KefuHub.Server.Api;

public sealed record AgentLoginRequest(string? Username, string? Password);
