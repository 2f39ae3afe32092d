using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore
{
    public ValueTask<IReadOnlyList<SummaryRecord>> ListSummariesAsync(int tenantId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<SummaryRecord>>(
            async connection => await QueryAsync(
                connection,
                Command("SELECT tenant_id, summary_id, name, color, parent_id FROM summaries WHERE tenant_id = @tenantId ORDER BY summary_id", new { tenantId }, null, cancellationToken),
                reader => new SummaryRecord(reader.Int32("tenant_id"), reader.Int32("summary_id"), reader.String("name"), reader.Int32("color"), reader.Int32("parent_id"))).ConfigureAwait(false),
            cancellationToken);

    public ValueTask<SummaryRecord> CreateSummaryAsync(int tenantId, string name, int color, int parentId, CancellationToken cancellationToken) =>
        WriteAsync(
            async (connection, transaction) =>
            {
                var summary = new SummaryRecord(tenantId, await NextIdAsync(connection, transaction, tenantId, "summary", cancellationToken).ConfigureAwait(false), name, color, parentId);
                await connection.ExecuteAsync(Command(
                    "INSERT INTO summaries (tenant_id, summary_id, name, color, parent_id) VALUES (@TenantId, @Id, @Name, @Color, @ParentId)",
                    summary,
                    transaction,
                    cancellationToken)).ConfigureAwait(false);
                return summary;
            },
            cancellationToken);
}
