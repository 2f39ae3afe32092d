using System.Data.Common;
using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore : IQuickReplyStore
{
    private const string QuickReplyColumns = "tenant_id, quick_reply_id, owner_user_id, group_name, text, created_at";

    public ValueTask<IReadOnlyList<QuickReplyRecord>> ListQuickRepliesAsync(int tenantId, string? ownerUserId, string? search, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<QuickReplyRecord>>(
            async connection => await QueryAsync(
                connection,
                Command(
                    $"""
                    SELECT {QuickReplyColumns} FROM quick_replies
                    WHERE tenant_id = @tenantId AND (owner_user_id IS NULL OR owner_user_id = @ownerUserId)
                      AND (@pattern IS NULL OR LOWER(group_name) LIKE @pattern ESCAPE '\' OR LOWER(text) LIKE @pattern ESCAPE '\')
                    ORDER BY group_name, quick_reply_id
                    """,
                    new { tenantId, ownerUserId, pattern = string.IsNullOrEmpty(search) ? null : ContainsPattern(search) },
                    null,
                    cancellationToken),
                ReadQuickReply).ConfigureAwait(false),
            cancellationToken);

    public ValueTask<QuickReplyRecord?> GetQuickReplyAsync(int tenantId, int quickReplyId, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => QueryFirstOrDefaultAsync(
                connection,
                Command(
                    $"SELECT {QuickReplyColumns} FROM quick_replies WHERE tenant_id = @tenantId AND quick_reply_id = @quickReplyId",
                    new { tenantId, quickReplyId },
                    null,
                    cancellationToken),
                ReadQuickReply),
            cancellationToken);

    public ValueTask<QuickReplyRecord?> CreateQuickReplyAsync(int tenantId, string? ownerUserId, string group, string text, DateTimeOffset createdAt, int maxCount, CancellationToken cancellationToken) =>
        WriteAsync<QuickReplyRecord?>(
            async (connection, transaction) =>
            {
                // Writes are serialized per database (the dialect's write lock on SQLite, the counter row's lock on
                // PostgreSQL taken first), so two creates cannot both pass the count.
                var id = await NextIdAsync(connection, transaction, tenantId, "quick_reply", cancellationToken).ConfigureAwait(false);
                var count = await connection.ExecuteScalarAsync<long>(Command(
                    "SELECT COUNT(*) FROM quick_replies WHERE tenant_id = @tenantId AND " + (ownerUserId is null ? "owner_user_id IS NULL" : "owner_user_id = @ownerUserId"),
                    new { tenantId, ownerUserId },
                    transaction,
                    cancellationToken)).ConfigureAwait(false);
                if (count >= maxCount)
                {
                    return null;
                }

                var reply = new QuickReplyRecord(tenantId, id, ownerUserId, group, text, createdAt);
                await connection.ExecuteAsync(Command(
                    $"INSERT INTO quick_replies ({QuickReplyColumns}) VALUES (@TenantId, @Id, @OwnerUserId, @Group, @Text, @createdAt)",
                    new { reply.TenantId, reply.Id, reply.OwnerUserId, reply.Group, reply.Text, createdAt = Millis(createdAt) },
                    transaction,
                    cancellationToken)).ConfigureAwait(false);
                return reply;
            },
            reply => reply is not null,
            cancellationToken);

    public async ValueTask<bool> UpdateQuickReplyAsync(QuickReplyRecord quickReply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quickReply);
        var updated = await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "UPDATE quick_replies SET group_name = @Group, text = @Text WHERE tenant_id = @TenantId AND quick_reply_id = @Id",
                quickReply,
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }

    public async ValueTask<bool> DeleteQuickReplyAsync(int tenantId, int quickReplyId, CancellationToken cancellationToken)
    {
        var deleted = await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "DELETE FROM quick_replies WHERE tenant_id = @tenantId AND quick_reply_id = @quickReplyId", new { tenantId, quickReplyId }, transaction, cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return deleted == 1;
    }

    private static QuickReplyRecord ReadQuickReply(DbDataReader reader) => new(
        reader.Int32("tenant_id"),
        reader.Int32("quick_reply_id"),
        reader.NullableString("owner_user_id"),
        reader.String("group_name"),
        reader.String("text"),
        reader.Time("created_at"));
}
