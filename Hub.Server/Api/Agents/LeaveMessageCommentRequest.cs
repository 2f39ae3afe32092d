namespace KefuHub.Server.Api.Agents;

public sealed record LeaveMessageCommentRequest(string? Text);
