using System.Threading.RateLimiting;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;

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

    /// <summary>Whose connection this is, counted by <see cref="ICallerLimiter"/>; null for a caller without our claims.</summary>
    public CallerIdentity? Caller { get; init; }

    /// <summary>
    /// Clients send "typing" on every keystroke; relay a change at once, and a repeat of the same state
    /// only after the interval, so the other side's indicator stays alive without a flood. Only a
    /// repeat of a call that went through (<see cref="TypingRelayed"/>) is dropped: a session id the
    /// caller does not own is checked, and refused, every time.
    /// </summary>
    public bool ShouldRelayTyping(TypingRequest request)
    {
        var now = _time.GetUtcNow();
        lock (_lastTyping)
        {
            return !(_lastTyping.TryGetValue(request.ServiceSessionId ?? string.Empty, out var last) && last.Typing == request.Typing && now - last.At < _typingInterval);
        }
    }

    /// <summary>Remembers a typing state the server checked and relayed.</summary>
    public void TypingRelayed(TypingRequest request)
    {
        var key = request.ServiceSessionId ?? string.Empty;
        lock (_lastTyping)
        {
            if (_lastTyping.Count >= 64 && !_lastTyping.ContainsKey(key))
            {
                _lastTyping.Clear();
            }

            _lastTyping[key] = (request.Typing, _time.GetUtcNow());
        }
    }

    public void Dispose() => Calls.Dispose();
}
