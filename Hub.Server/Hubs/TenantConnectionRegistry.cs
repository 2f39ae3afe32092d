using KefuHub.Server.Cluster;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Hubs;

/// <summary>
/// Every hub connection (visitors and agents) by tenant, and visitors' by visitor, so that disabling a tenant, or
/// revoking a visitor's tokens, closes them at once on every node.
/// </summary>
public sealed class TenantConnectionRegistry
{
    private readonly ConnectionSet<int> _connections = new();
    private readonly ConnectionSet<(int TenantId, string VisitorId)> _visitors = new();
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
            else if (signal is { Kind: ClusterSignalKind.VisitorConnectionsRevoked, SubjectId: { } visitorId })
            {
                _visitors.AbortAll((signal.TenantId, visitorId));
            }
        });
    }

    public void Add(CallerIdentity caller, HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(caller);
        _connections.Add(caller.TenantId, context);
        if (caller.Kind == TokenKind.Visitor)
        {
            _visitors.Add((caller.TenantId, caller.SubjectId), context);
        }
    }

    public void Remove(CallerIdentity caller, string connectionId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        _connections.Remove(caller.TenantId, connectionId);
        if (caller.Kind == TokenKind.Visitor)
        {
            _visitors.Remove((caller.TenantId, caller.SubjectId), connectionId);
        }
    }

    /// <summary>Aborts every connection of the tenant, here and on the other nodes.</summary>
    public void AbortAll(int tenantId) => _signals.Publish(new(ClusterSignalKind.TenantConnectionsRevoked, tenantId));

    /// <summary>Aborts every connection of the visitor (its tokens were revoked), here and on the other nodes.</summary>
    public void AbortVisitor(int tenantId, string visitorId) => _signals.Publish(new(ClusterSignalKind.VisitorConnectionsRevoked, tenantId, visitorId));
}
