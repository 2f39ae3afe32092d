using KefuHub.Server.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KefuHub.Server.Redis;

/// <summary>
/// A lease in Redis (<c>SET NX PX</c> with a token of ours, released only by its holder), so that start-up
/// work runs on one node at a time. A holder that dies frees it when the lease runs out.
/// </summary>
internal sealed class RedisClusterLock(IConnectionMultiplexer redis, IOptions<RedisRoutingOptions> options, TimeProvider time) : IClusterLock
{
    private const string ReleaseScript = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(100);

    public async ValueTask<IAsyncDisposable> AcquireAsync(string name, TimeSpan lease, CancellationToken cancellationToken)
    {
        var key = (RedisKey)$"{options.Value.KeyPrefix}:lock:{name}";
        var token = Guid.NewGuid().ToString("N");
        var db = redis.GetDatabase();
        while (!await db.StringSetAsync(key, token, lease, When.NotExists).WaitAsync(cancellationToken))
        {
            await Task.Delay(RetryDelay, time, cancellationToken);
        }

        return new Release(db, key, token);
    }

    private sealed class Release(IDatabase db, RedisKey key, string token) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await db.ScriptEvaluateAsync(ReleaseScript, [key], [token]);
    }
}
