namespace KefuHub.Server.Api.Visitors;

/// <summary>Where the visitor signed up: the host page and its <c>document.referrer</c>.</summary>
public sealed record VisitorSourceRequest(string? Page, string? Referrer);
