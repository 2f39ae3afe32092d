using System.Collections.Concurrent;

namespace KefuHub.Server.Hosting;

/// <summary>The lock of a single-node deployment: a semaphore per name.</summary>
internal sealed class ProcessClusterLock : IClusterLock
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public async ValueTask<IAsyncDisposable> AcquireAsync(string name, TimeSpan lease, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(name, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }
}
