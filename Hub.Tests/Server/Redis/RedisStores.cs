using KefuHub.Routing;
using KefuHub.Server.Redis;
using KefuHub.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KefuHub.Tests.Server.Redis;

/// <summary>Makes Redis routing stores (one per simulated node) over the test run's redis-server.</summary>
internal static class RedisStores
{
    /// <summary>Small, so that every suite takes snapshots and trims the log all the time.</summary>
    public const int TestSnapshotInterval = 7;

    public static RedisRoutingStateStore Create(RedisServer redis, string prefix, RoutingOptions? routing = null, int snapshotInterval = TestSnapshotInterval)
    {
        // Sync over async once per store: the suites' factory methods are synchronous.
        var connection = redis.GetConnectionAsync(TestContext.Current.CancellationToken).GetAwaiter().GetResult();
        return new RedisRoutingStateStore(
            connection,
            Options.Create(routing ?? new RoutingOptions()),
            Options.Create(new RedisRoutingOptions { KeyPrefix = prefix, SnapshotInterval = snapshotInterval }),
            NullLogger<RedisRoutingStateStore>.Instance);
    }
}
