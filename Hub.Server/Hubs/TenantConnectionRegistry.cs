using KefuHub.Server.Cluster;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Hubs;

/// <summary>Every hub connection (visitors and agents) by tenant, so that disabling a tenant closes them at once on every node.</summary>
public sealed class TenantConnectionRegistry
{
    private readonly ConnectionSet<int> _connections = new();
    private readonly IClusterSignals _signals;

    public TenantConnectionRegistry(IClusterSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _signals = signals;
        signals.Subscribe(signal =>
        {
            if (signal.Kind == ClusterSignalKind.TenantConnectionsRevoked)
            {
                _connections.AbortAll(signal.TenantId);
            }
        });
    }

    public void Add(int tenantId, HubCallerContext context) => _connections.Add(tenantId, context);

    public void Remove(int tenantId, string connectionId) => _connections.Remove(tenantId, connectionId);

    /// <summary>Aborts every connection of the tenant, here and on the other nodes.</summary>
    public void AbortAll(int tenantId) => _signals.Publish(new(ClusterSignalKind.TenantConnectionsRevoked, tenantId));
}
