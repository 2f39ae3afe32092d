using System.Threading.RateLimiting;

namespace KefuHub.Server.Api;

/// <summary><see cref="IAddressRateLimits"/> of one node: ASP.NET Core's fixed windows, in memory.</summary>
internal sealed class InProcessAddressRateLimits : IAddressRateLimits
{
    public RateLimitPartition<string> PerMinute(string policy, string address, int permits) =>
        RateLimitPartition.GetFixedWindowLimiter(
            address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
}
