using System.Threading.RateLimiting;
using KefuHub.Server.Hubs.Contracts;

namespace KefuHub.Server.Hubs;

/// <summary>One connection's call budget and typing relay state, kept in the connection's items.</summary>
internal sealed class ConnectionLimits : IDisposable
{
    private readonly TimeProvider _time;
    private readonly TimeSpan _typingInterval;
    private readonly Dictionary<string, (bool Typing, DateTimeOffset At)> _lastTyping = new(StringComparer.Ordinal);

    public ConnectionLimits(KefuHubOptions options, TimeProvider time)
    {
        _time = time;
        _typingInterval = options.TypingRelayInterval;
        Calls = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.CallBurst,
            TokensPerPeriod = options.CallsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    public TokenBucketRateLimiter Calls { get; }

    /// <summary>
    /// Clients send "typing" on every keystroke; relay a change at once, and a repeat of the same state
    /// only after the interval, so the other side's indicator stays alive without a flood.
    /// </summary>
    public bool ShouldRelayTyping(TypingRequest request)
    {
        var now = _time.GetUtcNow();
        var key = request.ServiceSessionId ?? string.Empty;
        lock (_lastTyping)
        {
            if (_lastTyping.TryGetValue(key, out var last) && last.Typing == request.Typing && now - last.At < _typingInterval)
            {
                return false;
            }

            if (_lastTyping.Count >= 64 && !_lastTyping.ContainsKey(key))
            {
                _lastTyping.Clear();
            }

            _lastTyping[key] = (request.Typing, now);
            return true;
        }
    }

    public void Dispose() => Calls.Dispose();
}
