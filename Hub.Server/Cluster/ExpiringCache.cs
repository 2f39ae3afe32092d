using System.Collections.Concurrent;

namespace KefuHub.Server.Cluster;

/// <summary>
/// Values read from the database on hot paths, kept for <c>lifetime</c>: a change signalled through
/// <see cref="IClusterSignals"/> removes the entry on every node at once, and the lifetime bounds how
/// stale a node that missed the signal can be.
/// </summary>
public sealed class ExpiringCache<TKey, TValue>(TimeSpan lifetime, TimeProvider time)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, (TValue Value, DateTimeOffset ReadAt)> _entries = new();

    // Bumped by every removal: a read that started before one does not put back what it removed.
    private long _removals;

    public async ValueTask<TValue> GetAsync(TKey key, Func<TKey, CancellationToken, ValueTask<TValue>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var entry) && now - entry.ReadAt < lifetime)
        {
            return entry.Value;
        }

        var removals = Interlocked.Read(ref _removals);
        var value = await read(key, cancellationToken);
        if (Interlocked.Read(ref _removals) == removals)
        {
            _entries[key] = (value, now);
        }

        return value;
    }

    public void Remove(TKey key)
    {
        Interlocked.Increment(ref _removals);
        _entries.TryRemove(key, out _);
    }
}
