using Dapper;

namespace KefuHub.Server.Storage;

// Editing the summary tree (the admin API); listing and creating are in SqlKefuStore.Summaries.cs.
internal sealed partial class SqlKefuStore
{
    public async ValueTask<bool> UpdateSummaryAsync(SummaryRecord summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var updated = await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "UPDATE summaries SET name = @Name, color = @Color, parent_id = @ParentId WHERE tenant_id = @TenantId AND summary_id = @Id",
                summary,
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return updated == 1;
    }

    public ValueTask<int> DeleteSummariesAsync(int tenantId, IReadOnlyList<int> summaryIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summaryIds);
        return WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "DELETE FROM summaries WHERE tenant_id = @tenantId AND summary_id = @summaryId",
                summaryIds.Distinct().Select(summaryId => new { tenantId, summaryId }),
                transaction,
                cancellationToken)),
            cancellationToken);
    }
}
