using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace KefuHub.Server.Redis;

/// <summary>Ready only while Redis answers a PING: routing decisions and the backplane need it.</summary>
internal sealed class RedisHealthCheck(IConnectionMultiplexer redis) : IHealthCheck
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.GetDatabase().PingAsync().WaitAsync(Bound, cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis does not answer: routing and the backplane are unavailable.");
        }
    }
}
