namespace KefuHub.Server.Api;

/// <param name="Token">The visitor hub token: keep it to come back to the same session.</param>
public sealed record CreateVisitorResponse(string VisitorId, string Token);
