using KefuHub.Server.Cluster;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Agent records by user id for the pushes of every routing event, cached so that publishing does not
/// read the database per event. A change invalidates the entry on every node at once
/// (<see cref="IClusterSignals"/>); a node that missed the signal sees it within <see cref="Lifetime"/>.
/// </summary>
public sealed class AgentDirectory
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ExpiringCache<(int TenantId, string UserId), AgentRecord?> _cache;
    private readonly IAgentStore _agents;
    private readonly IClusterSignals _signals;

    public AgentDirectory(IAgentStore agents, IClusterSignals signals, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(signals);
        _agents = agents;
        _signals = signals;
        _cache = new(Lifetime, time);
        signals.Subscribe(signal =>
        {
            if (signal is { Kind: ClusterSignalKind.AgentChanged, SubjectId: { } userId })
            {
                _cache.Remove((signal.TenantId, userId));
            }
        });
    }

    public ValueTask<AgentRecord?> GetAsync(int tenantId, string userId, CancellationToken cancellationToken) =>
        _cache.GetAsync((tenantId, userId), (key, ct) => _agents.GetAgentAsync(key.TenantId, key.UserId, ct), cancellationToken);

    public void Invalidate(int tenantId, string userId) => _signals.Publish(new(ClusterSignalKind.AgentChanged, tenantId, userId));
}
