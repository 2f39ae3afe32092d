namespace KefuHub.Server.Api.Agents;

/// <param name="Author">The username of the agent who wrote it, or <c>api</c> for a client-credentials token.</param>
public sealed record LeaveMessageCommentView(long Id, string Author, string Text, DateTimeOffset CreateDatetime);
