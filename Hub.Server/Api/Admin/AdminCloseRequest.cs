namespace KefuHub.Server.Api.Admin;

public sealed record AdminCloseRequest(IReadOnlyList<int>? SummaryIds, string? Comment);
