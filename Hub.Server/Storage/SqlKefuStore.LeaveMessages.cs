using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore
{
    public ValueTask<LeaveMessageRecord> CreateLeaveMessageAsync(LeaveMessageRecord leaveMessage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leaveMessage);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var stored = leaveMessage with
                {
                    LeaveMessageId = await connection.ExecuteScalarAsync<long>(Command(
                        """
                        INSERT INTO leave_messages (tenant_id, visitor_id, name, phone, email, content, queue_id, status, created_at, updated_at)
                        VALUES (@TenantId, @VisitorId, @Name, @Phone, @Email, @Content, @QueueId, @status, @createdAt, @updatedAt)
                        RETURNING leave_message_id
                        """,
                        new
                        {
                            leaveMessage.TenantId,
                            leaveMessage.VisitorId,
                            leaveMessage.Name,
                            leaveMessage.Phone,
                            leaveMessage.Email,
                            leaveMessage.Content,
                            leaveMessage.QueueId,
                            status = (int)leaveMessage.Status,
                            createdAt = Millis(leaveMessage.CreatedAt),
                            updatedAt = Millis(leaveMessage.UpdatedAt),
                        },
                        transaction,
                        cancellationToken)).ConfigureAwait(false),
                };
                await EnqueueLeaveMessageEventAsync(connection, transaction, stored, cancellationToken).ConfigureAwait(false);
                return stored;
            },
            cancellationToken);
    }

    public ValueTask<IReadOnlyList<LeaveMessageRecord>> ListLeaveMessagesAsync(int tenantId, LeaveMessageStatus? status, int offset, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<LeaveMessageRecord>>(
            async connection => await QueryAsync(
                connection,
                Command(
                    """
                    SELECT leave_message_id, tenant_id, visitor_id, name, phone, email, content, queue_id, status, created_at, updated_at
                    FROM leave_messages
                    WHERE tenant_id = @tenantId AND (@status IS NULL OR status = @status)
                    ORDER BY created_at DESC, leave_message_id DESC
                    LIMIT @limit OFFSET @offset
                    """,
                    new { tenantId, status = (int?)status, limit, offset },
                    null,
                    cancellationToken),
                reader => new LeaveMessageRecord
                {
                    LeaveMessageId = reader.Int64("leave_message_id"),
                    TenantId = reader.Int32("tenant_id"),
                    VisitorId = reader.NullableString("visitor_id"),
                    Name = reader.NullableString("name"),
                    Phone = reader.NullableString("phone"),
                    Email = reader.NullableString("email"),
                    Content = reader.String("content"),
                    QueueId = reader.NullableInt32("queue_id"),
                    Status = (LeaveMessageStatus)reader.Int32("status"),
                    CreatedAt = reader.Time("created_at"),
                    UpdatedAt = reader.Time("updated_at"),
                }).ConfigureAwait(false),
            cancellationToken);

    public async ValueTask<bool> SetLeaveMessageStatusAsync(int tenantId, long leaveMessageId, LeaveMessageStatus status, DateTimeOffset updatedAt, CancellationToken cancellationToken)
    {
        var updated = await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "UPDATE leave_messages SET status = @status, updated_at = @updatedAt WHERE tenant_id = @tenantId AND leave_message_id = @leaveMessageId",
                new { tenantId, leaveMessageId, status = (int)status, updatedAt = Millis(updatedAt) },
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }
}
