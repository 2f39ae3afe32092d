namespace KefuHub.Server.Api.Admin;

/// <param name="Text">Shown in the session as a system message (WeChat's kfsession/create "text").</param>
public sealed record CreateSessionRequest(string? AgentUsername, string? VisitorId, string? Text);
