namespace KefuHub.Server.Storage;

/// <summary>
/// Group commit: callers queue items and wait; one round at a time takes everything queued (up to a
/// maximum) and handles it in one go, so that one costly step (a commit, a Redis round trip) serves every
/// item that arrived while the round before ran. How an item's caller learns its result is the round's
/// business.
/// </summary>
internal sealed class GroupCommitQueue<TItem>(int maxPerRound, Func<List<TItem>, Task> runRound)
{
    private readonly Lock _gate = new();
    private readonly Queue<TItem> _queue = new();
    private bool _running;

    /// <summary>Queues an item; true when no round is under way, and the caller must then call <see cref="RunRoundsAsync"/>.</summary>
    public bool Enqueue(TItem item)
    {
        lock (_gate)
        {
            _queue.Enqueue(item);
            if (_running)
            {
                return false;
            }

            _running = true;
            return true;
        }
    }

    /// <summary>Runs rounds, in arrival order, until nothing is queued.</summary>
    /// <param name="handOff">
    /// Asked after each round: when true, the rest is left to a loop of its own and this call returns, so that a
    /// caller running rounds for its own item need not run everyone else's.
    /// </param>
    public async Task RunRoundsAsync(Func<bool>? handOff = null)
    {
        while (true)
        {
            var round = new List<TItem>(16);
            lock (_gate)
            {
                while (round.Count < maxPerRound && _queue.TryDequeue(out var item))
                {
                    round.Add(item);
                }

                if (round.Count == 0)
                {
                    _running = false;
                    return;
                }
            }

            await runRound(round).ConfigureAwait(false);
            if (handOff?.Invoke() == true)
            {
                _ = RunRoundsAsync();
                return;
            }
        }
    }
}
