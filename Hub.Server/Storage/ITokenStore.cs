namespace KefuHub.Server.Storage;

public interface ITokenStore
{
    ValueTask SaveTokenAsync(AccessTokenRecord token, CancellationToken cancellationToken);

    /// <summary>The token with this hash, expired or not (the caller checks expiry); null also when its tenant is disabled.</summary>
    ValueTask<AccessTokenRecord?> FindTokenAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Moves a token's expiry (a visitor token's sliding lifetime); false when the token no longer exists.</summary>
    ValueTask<bool> ExtendTokenAsync(string tokenHash, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Revokes every token of one subject (an agent disabled or deleted, a visitor's tokens revoked).</summary>
    ValueTask<int> DeleteTokensAsync(int tenantId, TokenKind kind, string subjectId, CancellationToken cancellationToken);

    /// <summary>Removes tokens that expired before <paramref name="now"/>.</summary>
    ValueTask<int> DeleteExpiredTokensAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
