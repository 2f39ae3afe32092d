using System.Diagnostics;
using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace KefuHub.Server.Redis;

/// <summary>
/// A fixed window counted in Redis (<see cref="CallerLimitScripts.Window"/>): every node's attempts on
/// one key count together. A refusal says when the window ends (Retry-After). Redis unreachable refuses
/// the request with <see cref="RoutingStoreUnavailableException"/> (503) rather than letting it through.
/// </summary>
internal sealed class RedisWindowRateLimiter(IConnectionMultiplexer redis, RedisKey key, int permits, TimeSpan window) : RateLimiter
{
    private long _lastUsed = Stopwatch.GetTimestamp();

    public override TimeSpan? IdleDuration => Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    public override RateLimiterStatistics? GetStatistics() => null;

    /// <summary>
    /// Counting needs a round trip, which a synchronous attempt must not block on: it answers "not now",
    /// and ASP.NET Core's middleware then asks <see cref="AcquireAsyncCore"/>, which counts.
    /// </summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => RedisWindowLease.NotNow;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
        RedisResult result;
        try
        {
            result = await redis.GetDatabase().ScriptEvaluateAsync(CallerLimitScripts.Window, [key], [(long)window.TotalMilliseconds]);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw new RoutingStoreUnavailableException("Rate limits are unavailable: Redis cannot be reached.", ex);
        }

        var answer = (RedisResult[])result!;
        return (long)answer[0] <= permits
            ? RedisWindowLease.Granted
            : RedisWindowLease.Refused(TimeSpan.FromMilliseconds((long)answer[1]));
    }
}
