namespace KefuHub.Server.Storage;

public interface IDashboardStore
{
    /// <summary>
    /// Counts for the dashboard. <paramref name="dayStarts"/> are the instants the days begin, in order,
    /// followed by the end of the last day (so n + 1 instants for n days); days may differ in length (DST).
    /// </summary>
    ValueTask<DashboardCounts> GetDashboardCountsAsync(int tenantId, IReadOnlyList<DateTimeOffset> dayStarts, CancellationToken cancellationToken);
}
