using System.Collections.Concurrent;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Hubs;

/// <summary>
/// Whether the token a hub connection was opened with still works (not revoked, not expired, its tenant enabled),
/// for hub calls: cached briefly, so that a revocation made on another node ends the connection at its next call
/// within <see cref="Lifetime"/>. A valid visitor token's sliding lifetime moves on, as at any use.
/// </summary>
public sealed class TokenStatusCache(ITokenStore tokens, TokenIssuer issuer, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (bool Valid, DateTimeOffset ReadAt)> _cache = new();

    public async ValueTask<bool> IsValidAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(tokenHash, out var entry) && now - entry.ReadAt < Lifetime)
        {
            return entry.Valid;
        }

        var record = await tokens.FindTokenAsync(tokenHash, cancellationToken);
        var valid = record is not null && !(record.ExpiresAt <= now);
        if (valid)
        {
            await issuer.SlideVisitorTokenAsync(record!, cancellationToken);
        }

        _cache[tokenHash] = (valid, now);
        return valid;
    }

    /// <summary>Drops the entry of a connection that ended (another connection with the token reads it again).</summary>
    public void Forget(string tokenHash) => _cache.TryRemove(tokenHash, out _);
}
