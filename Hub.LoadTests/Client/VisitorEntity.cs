namespace KefuHub.LoadTests.Client;

/// <summary>A new anonymous visitor.</summary>
internal sealed record VisitorEntity(string VisitorId, string Token);
