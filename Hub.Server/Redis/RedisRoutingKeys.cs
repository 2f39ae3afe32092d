using StackExchange.Redis;

namespace KefuHub.Server.Redis;

/// <summary>
/// The keys of one tenant's routing log. The tenant id is the hash tag, so a cluster keeps them in one
/// slot and one script may touch them all.
/// </summary>
internal readonly record struct RedisRoutingKeys(RedisKey Meta, RedisKey Log, RedisKey CommandIds, RedisKey Snapshot)
{
    public static RedisRoutingKeys For(string prefix, int tenantId)
    {
        var root = $"{prefix}:routing:{{{tenantId}}}";
        return new($"{root}:meta", $"{root}:log", $"{root}:ids", $"{root}:snapshot");
    }

    public RedisKey[] All => [Meta, Log, CommandIds, Snapshot];
}
