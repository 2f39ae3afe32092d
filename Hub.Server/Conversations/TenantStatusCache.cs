using System.Collections.Concurrent;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Whether a tenant is enabled, for hub calls: cached briefly so a disable made on another node shows within
/// <see cref="Lifetime"/>; a change on this node invalidates at once. An unknown tenant counts as disabled.
/// </summary>
public sealed class TenantStatusCache(ITenantStore tenants, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<int, (bool Enabled, DateTimeOffset ReadAt)> _cache = new();

    public async ValueTask<bool> IsEnabledAsync(int tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(tenantId, out var entry) && now - entry.ReadAt < Lifetime)
        {
            return entry.Enabled;
        }

        var enabled = (await tenants.GetTenantAsync(tenantId, cancellationToken))?.Enabled == true;
        _cache[tenantId] = (enabled, now);
        return enabled;
    }

    public void Invalidate(int tenantId) => _cache.TryRemove(tenantId, out _);
}
