namespace KefuHub.Server.Storage;

/// <summary>An issued token, stored only as the SHA-256 hash of its value.</summary>
/// <param name="SubjectId">The visitor id, the agent's user id, or the client id.</param>
/// <param name="ExpiresAt">Null for tokens that do not expire.</param>
public sealed record AccessTokenRecord(string TokenHash, int TenantId, TokenKind Kind, string SubjectId, DateTimeOffset? ExpiresAt);
