using System.Data.Common;
using System.Text;
using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore
{
    private const string LeaveMessageSelect = """
        SELECT m.leave_message_id, m.tenant_id, m.visitor_id, m.name, m.phone, m.email, m.content, m.queue_id, m.status,
               m.created_at, m.updated_at, m.assignee_user_id, a.username AS assignee_username
        FROM leave_messages m
        LEFT JOIN agents a ON a.tenant_id = m.tenant_id AND a.user_id = m.assignee_user_id
        """;

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
                    AssigneeUserId = null,
                    AssigneeUsername = null,
                };
                await EnqueueLeaveMessageEventAsync(connection, transaction, stored, cancellationToken).ConfigureAwait(false);
                return stored;
            },
            cancellationToken);
    }

    public ValueTask<IReadOnlyList<LeaveMessageRecord>> ListLeaveMessagesAsync(int tenantId, LeaveMessageFilter filter, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var where = new StringBuilder("WHERE m.tenant_id = @tenantId AND (@status IS NULL OR m.status = @status)");
        where.Append(filter.Unassigned ? " AND m.assignee_user_id IS NULL" : filter.AssigneeUserId is null ? "" : " AND m.assignee_user_id = @assignee");
        return ReadAsync<IReadOnlyList<LeaveMessageRecord>>(
            async connection => await QueryAsync(
                connection,
                Command(
                    $"""
                    {LeaveMessageSelect}
                    {where}
                    ORDER BY m.created_at DESC, m.leave_message_id DESC
                    LIMIT @limit OFFSET @offset
                    """,
                    new { tenantId, status = (int?)filter.Status, assignee = filter.AssigneeUserId, limit, offset },
                    null,
                    cancellationToken),
                ReadLeaveMessage).ConfigureAwait(false),
            cancellationToken);
    }

    public ValueTask<LeaveMessageRecord?> GetLeaveMessageAsync(int tenantId, long leaveMessageId, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => QueryFirstOrDefaultAsync(
                connection,
                Command($"{LeaveMessageSelect} WHERE m.tenant_id = @tenantId AND m.leave_message_id = @leaveMessageId", new { tenantId, leaveMessageId }, null, cancellationToken),
                ReadLeaveMessage),
            cancellationToken);

    public async ValueTask<bool> UpdateLeaveMessageAsync(
        int tenantId,
        long leaveMessageId,
        LeaveMessageStatus status,
        string? assigneeUserId,
        string? expectedAssigneeUserId,
        DateTimeOffset updatedAt,
        CancellationToken cancellationToken)
    {
        var updated = await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                """
                UPDATE leave_messages SET status = @status, assignee_user_id = @assigneeUserId, updated_at = @updatedAt
                WHERE tenant_id = @tenantId AND leave_message_id = @leaveMessageId
                  AND (assignee_user_id = @expected OR (assignee_user_id IS NULL AND @expected IS NULL))
                """,
                new { tenantId, leaveMessageId, status = (int)status, assigneeUserId, expected = expectedAssigneeUserId, updatedAt = Millis(updatedAt) },
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }

    public ValueTask<IReadOnlyList<LeaveMessageCommentRecord>> ListLeaveMessageCommentsAsync(int tenantId, long leaveMessageId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<LeaveMessageCommentRecord>>(
            async connection => await QueryAsync(
                connection,
                Command(
                    """
                    SELECT comment_id, tenant_id, leave_message_id, author, text, created_at FROM leave_message_comments
                    WHERE tenant_id = @tenantId AND leave_message_id = @leaveMessageId
                    ORDER BY comment_id
                    """,
                    new { tenantId, leaveMessageId },
                    null,
                    cancellationToken),
                ReadComment).ConfigureAwait(false),
            cancellationToken);

    public ValueTask<LeaveMessageCommentRecord?> AddLeaveMessageCommentAsync(int tenantId, long leaveMessageId, string author, string text, DateTimeOffset createdAt, int maxComments, CancellationToken cancellationToken) =>
        WriteAsync<LeaveMessageCommentRecord?>(
            async (connection, transaction) =>
            {
                // The leave message's row is written first: its lock serializes comments on it, so the count holds.
                var parameters = new { tenantId, leaveMessageId, author, text, createdAt = Millis(createdAt) };
                var touched = await connection.ExecuteAsync(Command(
                    "UPDATE leave_messages SET updated_at = @createdAt WHERE tenant_id = @tenantId AND leave_message_id = @leaveMessageId",
                    parameters,
                    transaction,
                    cancellationToken)).ConfigureAwait(false);
                if (touched == 0 || await connection.ExecuteScalarAsync<long>(Command(
                        "SELECT COUNT(*) FROM leave_message_comments WHERE tenant_id = @tenantId AND leave_message_id = @leaveMessageId",
                        parameters,
                        transaction,
                        cancellationToken)).ConfigureAwait(false) >= maxComments)
                {
                    return null;
                }

                var id = await connection.ExecuteScalarAsync<long>(Command(
                    """
                    INSERT INTO leave_message_comments (tenant_id, leave_message_id, author, text, created_at)
                    VALUES (@tenantId, @leaveMessageId, @author, @text, @createdAt)
                    RETURNING comment_id
                    """,
                    parameters,
                    transaction,
                    cancellationToken)).ConfigureAwait(false);
                return new LeaveMessageCommentRecord(id, tenantId, leaveMessageId, author, text, DateTimeOffset.FromUnixTimeMilliseconds(parameters.createdAt!.Value));
            },
            comment => comment is not null,
            cancellationToken);

    private static LeaveMessageRecord ReadLeaveMessage(DbDataReader reader) => new()
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
        AssigneeUserId = reader.NullableString("assignee_user_id"),
        AssigneeUsername = reader.NullableString("assignee_username"),
    };

    private static LeaveMessageCommentRecord ReadComment(DbDataReader reader) => new(
        reader.Int64("comment_id"),
        reader.Int32("tenant_id"),
        reader.Int64("leave_message_id"),
        reader.String("author"),
        reader.String("text"),
        reader.Time("created_at"));
}
