namespace KefuHub.Server.Storage;

/// <param name="TotalEntries">Matching sessions on every page.</param>
public sealed record SessionHistoryPage(IReadOnlyList<SessionHistoryRow> Items, long TotalEntries);
