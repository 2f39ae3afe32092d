namespace KefuHub.Server.Storage;

/// <summary>
/// Merges concurrent look-ups of one kind into few reads. A caller queues its key; while fewer than
/// <c>maxReadsInFlight</c> reads run, one more takes everything queued (up to <c>maxKeysPerRead</c>) and
/// answers each caller from its one result. Alone, a look-up is one read, as before; in a burst of two
/// thousand visitors it is a few dozen, so the database's connections and cores go to the writes the
/// burst waits on instead of to a queue of single-row reads. Each read starts after its callers called,
/// so an answer is never older than the call.
/// </summary>
internal sealed class BatchingReader<TKey, TValue>(
    Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> read,
    int maxKeysPerRead,
    int maxReadsInFlight)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<(TKey Key, TaskCompletionSource<TValue?> Answer)> _queued = new();
    private int _readsInFlight;

    /// <summary>The value read for <paramref name="key"/>, or default when the read found none.</summary>
    public async ValueTask<TValue?> ReadAsync(TKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var answer = new TaskCompletionSource<TValue?>(TaskCreationOptions.RunContinuationsAsynchronously);
        bool startReader;
        lock (_gate)
        {
            _queued.Enqueue((key, answer));
            startReader = _readsInFlight < maxReadsInFlight;
            if (startReader)
            {
                _readsInFlight++;
            }
        }

        if (startReader)
        {
            _ = Task.Run(ReadQueuedAsync, CancellationToken.None);
        }

        return await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ReadQueuedAsync()
    {
        while (true)
        {
            var batch = new List<(TKey Key, TaskCompletionSource<TValue?> Answer)>();
            lock (_gate)
            {
                while (batch.Count < maxKeysPerRead && _queued.TryDequeue(out var next))
                {
                    batch.Add(next);
                }

                if (batch.Count == 0)
                {
                    _readsInFlight--;
                    return;
                }
            }

            try
            {
                var found = await read(batch.Select(b => b.Key).Distinct().ToList(), CancellationToken.None).ConfigureAwait(false);
                foreach (var (key, answer) in batch)
                {
                    answer.TrySetResult(found.GetValueOrDefault(key));
                }
            }
            catch (Exception exception)
            {
                // Every caller of a failed read gets its error, as a read of its own would have.
                foreach (var (_, answer) in batch)
                {
                    answer.TrySetException(exception);
                }
            }
        }
    }
}
