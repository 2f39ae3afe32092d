using System.Threading.RateLimiting;

namespace KefuHub.Server.Api;

/// <summary>
/// Where the per-address windows of <see cref="ApiRateLimits"/> count: in this process
/// (<see cref="InProcessAddressRateLimits"/>), or in Redis for every node (<c>RedisAddressRateLimits</c>),
/// so that an address cannot multiply its allowance by the number of nodes.
/// </summary>
internal interface IAddressRateLimits
{
    /// <summary>The limiter of one address under one policy: <paramref name="permits"/> per minute, in fixed windows.</summary>
    RateLimitPartition<string> PerMinute(string policy, string address, int permits);
}
