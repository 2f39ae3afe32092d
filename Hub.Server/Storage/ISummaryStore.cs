namespace KefuHub.Server.Storage;

public interface ISummaryStore
{
    ValueTask<IReadOnlyList<SummaryRecord>> ListSummariesAsync(int tenantId, CancellationToken cancellationToken);

    /// <summary>Creates a summary with the next free id of the tenant.</summary>
    ValueTask<SummaryRecord> CreateSummaryAsync(int tenantId, string name, int color, int parentId, CancellationToken cancellationToken);
}
