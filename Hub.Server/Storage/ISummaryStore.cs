namespace KefuHub.Server.Storage;

public interface ISummaryStore
{
    ValueTask<IReadOnlyList<SummaryRecord>> ListSummariesAsync(int tenantId, CancellationToken cancellationToken);

    /// <summary>Creates a summary with the next free id of the tenant.</summary>
    ValueTask<SummaryRecord> CreateSummaryAsync(int tenantId, string name, int color, int parentId, CancellationToken cancellationToken);

    /// <summary>Replaces the summary's name, color and parent; false when it does not exist.</summary>
    ValueTask<bool> UpdateSummaryAsync(SummaryRecord summary, CancellationToken cancellationToken);

    /// <summary>Deletes these summaries of the tenant; how many there were.</summary>
    ValueTask<int> DeleteSummariesAsync(int tenantId, IReadOnlyList<int> summaryIds, CancellationToken cancellationToken);
}
