namespace KefuHub.Server.Hosting;

/// <summary>A named lock held by one node of the deployment at a time (one process when there is no Redis).</summary>
internal interface IClusterLock
{
    /// <summary>Waits until this node holds the lock; disposing the result releases it. The lease bounds how long a dead holder blocks others.</summary>
    ValueTask<IAsyncDisposable> AcquireAsync(string name, TimeSpan lease, CancellationToken cancellationToken);
}
