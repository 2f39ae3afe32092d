using System.Collections.Concurrent;

namespace KefuHub.Server.Conversations;

/// <summary>
/// The new sessions routing opened that the durable store did not take: refused (the visitor has another
/// open session there) or not written at all (the database failed). The projector notes them before the
/// routing round releases its callers, on the node that runs the command, so <c>StartSession</c> reads the
/// store again only for these, not for every session of a burst.
/// </summary>
public sealed class SessionStoreRefusals(TimeProvider time)
{
    // Long enough for the start that caused a refusal to see it; a note nobody takes goes after this.
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    // A database outage notes every session of every round: old notes are swept at most once a minute.
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<(int TenantId, string SessionId), DateTimeOffset> _notes = new();
    private long _lastSweepTicks;

    public void Add(int tenantId, string sessionId)
    {
        var now = time.GetUtcNow();
        _notes[(tenantId, sessionId)] = now;
        var lastSweep = Interlocked.Read(ref _lastSweepTicks);
        if (now.UtcTicks - lastSweep < SweepInterval.Ticks || Interlocked.CompareExchange(ref _lastSweepTicks, now.UtcTicks, lastSweep) != lastSweep)
        {
            return;
        }

        foreach (var (key, notedAt) in _notes)
        {
            if (now - notedAt > Lifetime)
            {
                _notes.TryRemove(key, out _);
            }
        }
    }

    /// <summary>True, once, when the store did not take the session.</summary>
    public bool TryTake(int tenantId, string sessionId) => _notes.TryRemove((tenantId, sessionId), out _);
}
