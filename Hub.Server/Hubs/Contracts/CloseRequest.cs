namespace KefuHub.Server.Hubs.Contracts;

public sealed record CloseRequest(string ServiceSessionId, IReadOnlyList<int>? SummaryIds = null, string? Comment = null);
