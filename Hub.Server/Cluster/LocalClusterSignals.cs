namespace KefuHub.Server.Cluster;

/// <summary>The one-node signals: handled here, and there is nobody else to tell.</summary>
public sealed class LocalClusterSignals : IClusterSignals
{
    private readonly ClusterSignalHandlers _handlers = new();

    public void Publish(ClusterSignal signal) => _handlers.Invoke(signal);

    public void Subscribe(Action<ClusterSignal> handler) => _handlers.Add(handler);
}
