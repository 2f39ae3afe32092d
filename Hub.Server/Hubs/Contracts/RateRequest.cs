namespace KefuHub.Server.Hubs.Contracts;

/// <param name="Score">1 to 5.</param>
public sealed record RateRequest(string ServiceSessionId, int Score, string? Detail = null, IReadOnlyList<string>? Tags = null);
