using KefuHub.Server.Cluster;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Hubs;

/// <summary>
/// Whether the token a hub connection was opened with still works (not revoked, not expired, its tenant enabled),
/// for hub calls: read again at most every <see cref="Lifetime"/>, so that a connection whose revocation signal
/// this node missed, or whose token expired while it was open, ends at its next call. A valid visitor token's
/// sliding lifetime moves on, as at any use.
/// </summary>
public sealed class TokenStatusCache(ITokenStore tokens, TokenIssuer issuer, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ExpiringCache<string, bool> _cache = new(Lifetime, time);

    public ValueTask<bool> IsValidAsync(string tokenHash, CancellationToken cancellationToken) =>
        _cache.GetAsync(
            tokenHash,
            async (hash, ct) =>
            {
                var record = await tokens.FindTokenAsync(hash, ct);
                var valid = record is not null && !(record.ExpiresAt <= time.GetUtcNow());
                if (valid)
                {
                    await issuer.SlideVisitorTokenAsync(record!, ct);
                }

                return valid;
            },
            cancellationToken);

    /// <summary>Drops the entry of a connection that ended (another connection with the token reads it again).</summary>
    public void Forget(string tokenHash) => _cache.Remove(tokenHash);
}
