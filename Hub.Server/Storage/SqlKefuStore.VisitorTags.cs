using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore : IVisitorTagStore
{
    public ValueTask<IReadOnlyList<VisitorTagRecord>> ListVisitorTagsAsync(int tenantId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<VisitorTagRecord>>(
            async connection => await QueryAsync(
                connection,
                Command("SELECT tenant_id, tag_id, name, color FROM visitor_tags WHERE tenant_id = @tenantId ORDER BY tag_id", new { tenantId }, null, cancellationToken),
                reader => new VisitorTagRecord(reader.Int32("tenant_id"), reader.Int32("tag_id"), reader.String("name"), reader.Int32("color"))).ConfigureAwait(false),
            cancellationToken);

    public ValueTask<VisitorTagRecord> CreateVisitorTagAsync(int tenantId, string name, int color, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var tag = new VisitorTagRecord(tenantId, await NextIdAsync(connection, transaction, tenantId, "visitor_tag", cancellationToken).ConfigureAwait(false), name, color);
                await connection.ExecuteAsync(Command(
                    "INSERT INTO visitor_tags (tenant_id, tag_id, name, color) VALUES (@TenantId, @Id, @Name, @Color)", tag, transaction, cancellationToken)).ConfigureAwait(false);
                return tag;
            },
            cancellationToken);

    public async ValueTask<bool> UpdateVisitorTagAsync(VisitorTagRecord tag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var updated = await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "UPDATE visitor_tags SET name = @Name, color = @Color WHERE tenant_id = @TenantId AND tag_id = @Id", tag, transaction, cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }

    public async ValueTask<bool> DeleteVisitorTagAsync(int tenantId, int tagId, CancellationToken cancellationToken)
    {
        var deleted = await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "DELETE FROM visitor_tags WHERE tenant_id = @tenantId AND tag_id = @tagId", new { tenantId, tagId }, transaction, cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return deleted == 1;
    }
}
