using System.Threading.RateLimiting;
using KefuHub.Server.Api;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KefuHub.Server.Redis;

/// <summary>
/// <see cref="IAddressRateLimits"/> for every node: one counter per policy and address in Redis
/// (<c>{prefix}:ratelimit:{policy}:{address}</c>), gone when its window ends.
/// </summary>
internal sealed class RedisAddressRateLimits(IConnectionMultiplexer redis, IOptions<RedisRoutingOptions> options) : IAddressRateLimits
{
    public RateLimitPartition<string> PerMinute(string policy, string address, int permits) =>
        RateLimitPartition.Get(address, a => new RedisWindowRateLimiter(redis, $"{options.Value.KeyPrefix}:ratelimit:{policy}:{a}", permits, TimeSpan.FromMinutes(1)));
}
