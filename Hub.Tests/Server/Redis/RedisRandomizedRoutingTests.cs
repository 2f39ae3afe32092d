using KefuHub.Routing;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Routing;

namespace KefuHub.Tests.Server.Redis;

/// <summary>
/// The randomized routing suite over the Redis store: each simulated node has its own store and replica,
/// sharing only the redis-server, as separate processes would.
/// </summary>
public sealed class RedisRandomizedRoutingTests(RedisServer redis) : RandomizedRoutingTests
{
    protected override IRoutingStateStore CreateStore() => RedisStores.Create(redis, redis.NewPrefix());

    protected override IReadOnlyList<IRoutingStateStore> CreateNodeStores(int count)
    {
        var prefix = redis.NewPrefix();
        return Enumerable.Range(0, count).Select(_ => (IRoutingStateStore)RedisStores.Create(redis, prefix)).ToArray();
    }
}
