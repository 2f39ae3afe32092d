namespace KefuHub.Server.Cluster;

/// <summary>
/// Changes every node must act on (cache invalidation, closing revoked connections). A signal is handled
/// on the publishing node before <see cref="Publish"/> returns, and on the other nodes moments later, at
/// most once: a node that misses one still sees the change when its cache entry expires, or when a revoked
/// client next authenticates.
/// </summary>
public interface IClusterSignals
{
    void Publish(ClusterSignal signal);

    /// <summary>Adds a handler of every signal, from this node or another. Handlers are quick and do not throw.</summary>
    void Subscribe(Action<ClusterSignal> handler);
}
