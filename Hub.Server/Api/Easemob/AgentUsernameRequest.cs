namespace KefuHub.Server.Api.Easemob;

/// <summary>The body of agent delete, disable and enable: <c>{"username":"..."}</c>; and of the password change with <c>password</c>.</summary>
public sealed record AgentUsernameRequest(string? Username, string? Password);
