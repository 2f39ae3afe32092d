using System.Collections.Concurrent;
using KefuHub.Server.Hubs;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KefuHub.Server.Redis;

/// <summary>
/// <see cref="ICallerLimiter"/> shared by every node: a caller's connections are one set in Redis
/// (<see cref="RedisCallerKeys"/>) and its calls one token bucket, each checked and counted by one script
/// (<see cref="CallerLimitScripts"/>). While Redis cannot be reached, connections and calls are refused
/// with <see cref="RoutingStoreUnavailableException"/>, as routing calls are: nothing goes unbounded.
/// </summary>
internal sealed partial class RedisCallerLimiter(
    IConnectionMultiplexer redis,
    RedisNodePresence presence,
    IOptions<KefuHubOptions> options,
    IOptions<RedisRoutingOptions> redisOptions,
    ILogger<RedisCallerLimiter> logger) : ICallerLimiter
{
    private readonly string _prefix = redisOptions.Value.KeyPrefix;
    private readonly RedisKey _nodes = $"{redisOptions.Value.KeyPrefix}:nodes";

    // Releases that failed while Redis was away; sent again before the next connection is counted, so
    // that a returning caller is not held back by its own closed connections.
    private readonly ConcurrentQueue<(RedisCallerKeys Keys, string Member)> _unreleased = new();

    public async ValueTask<bool> TryOpenConnectionAsync(CallerIdentity caller, string connectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        await ReleaseLeftoversAsync();
        var keys = RedisCallerKeys.For(_prefix, caller);
        var max = caller.Kind == TokenKind.Visitor ? options.Value.MaxConnectionsPerVisitor : options.Value.MaxConnectionsPerAgent;
        // Not cancellable once sent: a counted connection must reach ConnectionLimitsFilter, which releases it.
        var counted = await EvaluateAsync(
            CallerLimitScripts.Open,
            [keys.Connections, _nodes],
            [RedisCallerKeys.Member(presence.NodeId, connectionId), presence.NodeId, max, redisOptions.Value.NodeTimeoutSeconds]);
        return (long)counted == 1;
    }

    public async ValueTask CloseConnectionAsync(CallerIdentity caller, string connectionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var keys = RedisCallerKeys.For(_prefix, caller);
        var member = RedisCallerKeys.Member(presence.NodeId, connectionId);
        try
        {
            await ReleaseAsync(keys, member);
        }
        catch (RoutingStoreUnavailableException exception)
        {
            _unreleased.Enqueue((keys, member));
            LogReleaseFailed(logger, connectionId, exception);
        }
    }

    public async ValueTask<bool> TryCallAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var granted = await EvaluateAsync(
            CallerLimitScripts.Call,
            [RedisCallerKeys.For(_prefix, caller).Calls],
            [options.Value.CallerCallsPerSecond, options.Value.CallerCallBurst]);
        return (long)granted == 1;
    }

    private async Task ReleaseAsync(RedisCallerKeys keys, string member) =>
        await EvaluateAsync(CallerLimitScripts.Close, [keys.Connections, keys.Calls], [member]);

    private async Task ReleaseLeftoversAsync()
    {
        while (_unreleased.TryDequeue(out var leftover))
        {
            try
            {
                await ReleaseAsync(leftover.Keys, leftover.Member);
            }
            catch (RoutingStoreUnavailableException)
            {
                _unreleased.Enqueue(leftover);
                throw;
            }
        }
    }

    private async Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await redis.GetDatabase().ScriptEvaluateAsync(script, keys, values);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw new RoutingStoreUnavailableException("Caller limits are unavailable: Redis cannot be reached.", ex);
        }
    }

    [LoggerMessage(2030, LogLevel.Warning, "Connection {ConnectionId} could not be released from its caller's limit; released again before the next connection.", EventName = "CallerLimitReleaseFailed")]
    private static partial void LogReleaseFailed(ILogger logger, string connectionId, Exception exception);
}
