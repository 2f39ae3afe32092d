using KefuHub.Server.Security;
using StackExchange.Redis;

namespace KefuHub.Server.Redis;

/// <summary>
/// The keys of one caller's limits: the set of its connections on every node and its call bucket. The
/// caller is the hash tag, so a script may touch both.
/// </summary>
internal readonly record struct RedisCallerKeys(RedisKey Connections, RedisKey Calls)
{
    public static RedisCallerKeys For(string prefix, CallerIdentity caller)
    {
        var root = $"{prefix}:limit:{{{caller.TenantId}:{caller.Kind}:{caller.SubjectId}}}";
        return new($"{root}:connections", $"{root}:calls");
    }

    /// <summary>A connection's member of <see cref="Connections"/>: the node first, so that a dead node's members can be told apart.</summary>
    public static string Member(string node, string connectionId) => node + ":" + connectionId;
}
