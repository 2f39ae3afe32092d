using KefuHub.Routing;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Routing;

namespace KefuHub.Tests.Server.Redis;

/// <summary>The routing contract suite over the Redis store and a real redis-server.</summary>
public sealed class RedisRoutingEngineTests(RedisServer redis) : RoutingEngineContractTests
{
    protected override IRoutingStateStore CreateStore() => CreateStoreWith(new RoutingOptions());

    protected override IRoutingStateStore CreateStoreWith(RoutingOptions options) => RedisStores.Create(redis, redis.NewPrefix(), options);
}
