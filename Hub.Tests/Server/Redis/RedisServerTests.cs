using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Server.Redis;

/// <summary>The test run's own redis-server answers on loopback.</summary>
public sealed class RedisServerTests(RedisServer redis)
{
    [Fact]
    public async Task Fixture_StartsRedisServer_OnLoopback()
    {
        var connection = await redis.GetConnectionAsync(TestContext.Current.CancellationToken);
        var endpoint = Assert.Single(connection.GetEndPoints());
        Assert.StartsWith("127.0.0.1:", endpoint.ToString(), StringComparison.Ordinal);
        var key = redis.NewPrefix() + ":ping";
        await connection.GetDatabase().StringSetAsync(key, "pong");
        Assert.Equal("pong", (string?)await connection.GetDatabase().StringGetAsync(key));
        await connection.GetDatabase().KeyDeleteAsync(key);
    }
}
