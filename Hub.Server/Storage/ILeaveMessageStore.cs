namespace KefuHub.Server.Storage;

public interface ILeaveMessageStore
{
    /// <summary>Stores the record and returns it with its new id.</summary>
    ValueTask<LeaveMessageRecord> CreateLeaveMessageAsync(LeaveMessageRecord leaveMessage, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    ValueTask<IReadOnlyList<LeaveMessageRecord>> ListLeaveMessagesAsync(int tenantId, LeaveMessageFilter filter, int offset, int limit, CancellationToken cancellationToken);

    ValueTask<LeaveMessageRecord?> GetLeaveMessageAsync(int tenantId, long leaveMessageId, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the status and the assignee, only while the assignee is still <paramref name="expectedAssigneeUserId"/>
    /// (what the caller read and checked); false when the record does not exist or its assignee changed meanwhile.
    /// </summary>
    ValueTask<bool> UpdateLeaveMessageAsync(
        int tenantId,
        long leaveMessageId,
        LeaveMessageStatus status,
        string? assigneeUserId,
        string? expectedAssigneeUserId,
        DateTimeOffset updatedAt,
        CancellationToken cancellationToken);

    /// <summary>Oldest first.</summary>
    ValueTask<IReadOnlyList<LeaveMessageCommentRecord>> ListLeaveMessageCommentsAsync(int tenantId, long leaveMessageId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a comment and moves the leave message's <c>UpdatedAt</c> to it; null when the leave message does not
    /// exist or already has <paramref name="maxComments"/>.
    /// </summary>
    ValueTask<LeaveMessageCommentRecord?> AddLeaveMessageCommentAsync(int tenantId, long leaveMessageId, string author, string text, DateTimeOffset createdAt, int maxComments, CancellationToken cancellationToken);
}
