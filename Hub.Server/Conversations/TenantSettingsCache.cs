using System.Collections.Concurrent;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Tenant settings read on hot paths (welcome message, origins, rating on close), cached briefly so a
/// change made on another node shows within <see cref="Lifetime"/>; a change on this node invalidates at once.
/// </summary>
public sealed class TenantSettingsCache(ITenantStore tenants, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<int, (TenantSettings Settings, DateTimeOffset ReadAt)> _cache = new();

    public async ValueTask<TenantSettings> GetAsync(int tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(tenantId, out var entry) && now - entry.ReadAt < Lifetime)
        {
            return entry.Settings;
        }

        var settings = await tenants.GetSettingsAsync(tenantId, cancellationToken);
        _cache[tenantId] = (settings, now);
        return settings;
    }

    public async ValueTask<bool> IsOriginAllowedAsync(int tenantId, string origin, CancellationToken cancellationToken)
    {
        var allowed = (await GetAsync(tenantId, cancellationToken)).AllowedOrigins;
        return allowed.Count == 0 || allowed.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);
    }

    public void Invalidate(int tenantId) => _cache.TryRemove(tenantId, out _);
}
