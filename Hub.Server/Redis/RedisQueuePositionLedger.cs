using System.Globalization;
using KefuHub.Routing;
using KefuHub.Server.Conversations;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KefuHub.Server.Redis;

/// <summary>
/// The ledger of every node in one hash per line (<c>{prefix}:positions:{tenant}:{line}</c>, session →
/// position), compared and replaced by one script: two nodes that notice the same change push it once.
/// A line left empty deletes its hash; an abandoned one expires after a day.
/// </summary>
internal sealed class RedisQueuePositionLedger(IConnectionMultiplexer redis, IOptions<RedisRoutingOptions> options) : IQueuePositionLedger
{
    /// <summary>KEYS[1] the line's hash; ARGV pairs of session id and position. Answers the 1-based indexes of the pairs that changed.</summary>
    private const string TakeChanges =
        """
        local previous = {}
        local old = redis.call('HGETALL', KEYS[1])
        for i = 1, #old, 2 do previous[old[i]] = old[i + 1] end
        redis.call('DEL', KEYS[1])
        local changed = {}
        for i = 1, #ARGV, 2 do
          if previous[ARGV[i]] ~= ARGV[i + 1] then changed[#changed + 1] = (i + 1) / 2 end
          redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
        end
        if #ARGV > 0 then redis.call('PEXPIRE', KEYS[1], 86400000) end
        return changed
        """;

    private readonly string _prefix = options.Value.KeyPrefix;

    public async ValueTask<IReadOnlyList<QueuePosition>> TakeChangesAsync(int tenantId, WaitingLineKey line, IReadOnlyList<QueuePosition> current, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(current);
        var arguments = new RedisValue[current.Count * 2];
        for (var i = 0; i < current.Count; i++)
        {
            arguments[2 * i] = current[i].SessionId;
            arguments[(2 * i) + 1] = current[i].Position.ToString(CultureInfo.InvariantCulture);
        }

        RedisResult result;
        try
        {
            result = await redis.GetDatabase().ScriptEvaluateAsync(TakeChanges, [Key(tenantId, line)], arguments);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            throw new RoutingStoreUnavailableException("Queue positions are unavailable: Redis cannot be reached.", ex);
        }

        return [.. ((RedisResult[])result!).Select(index => current[(int)index - 1])];
    }

    internal RedisKey Key(int tenantId, WaitingLineKey line) => $"{_prefix}:positions:{tenantId}:{line}";
}
