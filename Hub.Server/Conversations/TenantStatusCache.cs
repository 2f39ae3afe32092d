using KefuHub.Server.Cluster;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Whether a tenant is enabled, for hub calls. A change invalidates it on every node at once
/// (<see cref="IClusterSignals"/>); a node that missed the signal sees it within <see cref="Lifetime"/>.
/// An unknown tenant counts as disabled.
/// </summary>
public sealed class TenantStatusCache
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);
    private readonly ExpiringCache<int, bool> _cache;
    private readonly ITenantStore _tenants;
    private readonly IClusterSignals _signals;

    public TenantStatusCache(ITenantStore tenants, IClusterSignals signals, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _tenants = tenants;
        _signals = signals;
        _cache = new(Lifetime, time);
        signals.Subscribe(signal =>
        {
            if (signal.Kind == ClusterSignalKind.TenantStatusChanged)
            {
                _cache.Remove(signal.TenantId);
            }
        });
    }

    public ValueTask<bool> IsEnabledAsync(int tenantId, CancellationToken cancellationToken) =>
        _cache.GetAsync(tenantId, async (id, ct) => (await _tenants.GetTenantAsync(id, ct))?.Enabled == true, cancellationToken);

    public void Invalidate(int tenantId) => _signals.Publish(new(ClusterSignalKind.TenantStatusChanged, tenantId));
}
