namespace KefuHub.Server.Storage;

public interface ILeaveMessageStore
{
    /// <summary>Stores the record and returns it with its new id.</summary>
    ValueTask<LeaveMessageRecord> CreateLeaveMessageAsync(LeaveMessageRecord leaveMessage, CancellationToken cancellationToken);

    /// <summary>Newest first.</summary>
    ValueTask<IReadOnlyList<LeaveMessageRecord>> ListLeaveMessagesAsync(int tenantId, LeaveMessageStatus? status, int offset, int limit, CancellationToken cancellationToken);

    ValueTask<bool> SetLeaveMessageStatusAsync(int tenantId, long leaveMessageId, LeaveMessageStatus status, DateTimeOffset updatedAt, CancellationToken cancellationToken);
}
