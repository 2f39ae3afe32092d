namespace KefuHub.Server.Storage;

/// <summary>A note an agent wrote on a leave message (留言评论); <see cref="Author"/> is its username.</summary>
public sealed record LeaveMessageCommentRecord(long Id, int TenantId, long LeaveMessageId, string Author, string Text, DateTimeOffset CreatedAt);
