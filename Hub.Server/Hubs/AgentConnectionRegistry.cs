using KefuHub.Server.Cluster;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Hubs;

/// <summary>
/// The agent hub connections by agent, so that disabling or deleting an agent closes them at once on every
/// node. A node that misses the signal closes them when they next authenticate (their tokens are deleted).
/// </summary>
public sealed class AgentConnectionRegistry
{
    private readonly ConnectionSet<(int TenantId, string UserId)> _connections = new();
    private readonly IClusterSignals _signals;

    public AgentConnectionRegistry(IClusterSignals signals)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _signals = signals;
        signals.Subscribe(signal =>
        {
            if (signal is { Kind: ClusterSignalKind.AgentConnectionsRevoked, SubjectId: { } userId })
            {
                _connections.AbortAll((signal.TenantId, userId));
            }
        });
    }

    public void Add(int tenantId, string userId, HubCallerContext context) => _connections.Add((tenantId, userId), context);

    public void Remove(int tenantId, string userId, string connectionId) => _connections.Remove((tenantId, userId), connectionId);

    /// <summary>Aborts every connection of the agent, here and on the other nodes.</summary>
    public void AbortAll(int tenantId, string userId) => _signals.Publish(new(ClusterSignalKind.AgentConnectionsRevoked, tenantId, userId));
}
