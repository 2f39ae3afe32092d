namespace KefuHub.Server.Api.Visitors;

public sealed record VisitorSourceView(string? Page, string? Referrer, string? UserAgent);
