using KefuHub.Server.Cluster;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Tenant settings read on hot paths (welcome message, origins, rating on close). A change invalidates
/// them on every node at once (<see cref="IClusterSignals"/>); a node that missed the signal sees it
/// within <see cref="Lifetime"/>.
/// </summary>
public sealed class TenantSettingsCache
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ExpiringCache<int, TenantSettings> _cache;
    private readonly ITenantStore _tenants;
    private readonly IClusterSignals _signals;

    public TenantSettingsCache(ITenantStore tenants, IClusterSignals signals, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _tenants = tenants;
        _signals = signals;
        _cache = new(Lifetime, time);
        signals.Subscribe(signal =>
        {
            if (signal.Kind == ClusterSignalKind.TenantSettingsChanged)
            {
                _cache.Remove(signal.TenantId);
            }
        });
    }

    public ValueTask<TenantSettings> GetAsync(int tenantId, CancellationToken cancellationToken) =>
        _cache.GetAsync(tenantId, _tenants.GetSettingsAsync, cancellationToken);

    public async ValueTask<bool> IsOriginAllowedAsync(int tenantId, string origin, CancellationToken cancellationToken)
    {
        var allowed = (await GetAsync(tenantId, cancellationToken)).AllowedOrigins;
        return allowed.Count == 0 || allowed.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);
    }

    public void Invalidate(int tenantId) => _signals.Publish(new(ClusterSignalKind.TenantSettingsChanged, tenantId));
}
