using System.Collections.Immutable;

namespace KefuHub.Server.Cluster;

/// <summary>The handlers subscribed on this node; subscribing is rare (start-up), invoking is lock-free.</summary>
internal sealed class ClusterSignalHandlers
{
    private ImmutableArray<Action<ClusterSignal>> _handlers = [];

    public void Add(Action<ClusterSignal> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ImmutableInterlocked.Update(ref _handlers, list => list.Add(handler));
    }

    public void Invoke(ClusterSignal signal)
    {
        foreach (var handler in _handlers)
        {
            handler(signal);
        }
    }
}
