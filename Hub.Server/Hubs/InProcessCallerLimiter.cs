using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.Extensions.Options;

namespace KefuHub.Server.Hubs;

/// <summary>
/// <see cref="ICallerLimiter"/> in this process: per caller, a connection count and a token bucket shared
/// by all its connections. An entry lives while the caller has a connection, so memory follows the
/// connections and not the callers ever seen.
/// </summary>
internal sealed class InProcessCallerLimiter(IOptions<KefuHubOptions> options) : ICallerLimiter, IDisposable
{
    private readonly ConcurrentDictionary<CallerIdentity, Entry> _entries = new();

    public ValueTask<bool> TryOpenConnectionAsync(CallerIdentity caller, string connectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var max = caller.Kind == TokenKind.Visitor ? options.Value.MaxConnectionsPerVisitor : options.Value.MaxConnectionsPerAgent;
        while (true)
        {
            var entry = _entries.GetOrAdd(caller, _ => new Entry(options.Value));
            lock (entry)
            {
                if (entry.Removed)
                {
                    continue;
                }

                if (entry.Connections >= max)
                {
                    return ValueTask.FromResult(false);
                }

                entry.Connections++;
                return ValueTask.FromResult(true);
            }
        }
    }

    public ValueTask CloseConnectionAsync(CallerIdentity caller, string connectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (_entries.TryGetValue(caller, out var entry))
        {
            lock (entry)
            {
                if (--entry.Connections <= 0 && !entry.Removed)
                {
                    entry.Removed = true;
                    _entries.TryRemove(KeyValuePair.Create(caller, entry));
                    entry.Calls.Dispose();
                }
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> TryCallAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (!_entries.TryGetValue(caller, out var entry))
        {
            return ValueTask.FromResult(true);
        }

        lock (entry)
        {
            if (entry.Removed)
            {
                return ValueTask.FromResult(true);
            }

            using var lease = entry.Calls.AttemptAcquire();
            return ValueTask.FromResult(lease.IsAcquired);
        }
    }

    public void Dispose()
    {
        foreach (var entry in _entries.Values)
        {
            entry.Calls.Dispose();
        }
    }

    private sealed class Entry(KefuHubOptions options)
    {
        public int Connections { get; set; }

        public bool Removed { get; set; }

        public TokenBucketRateLimiter Calls { get; } = new(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.CallerCallBurst,
            TokensPerPeriod = options.CallerCallsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }
}
