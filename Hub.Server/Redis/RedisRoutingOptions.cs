using System.ComponentModel.DataAnnotations;

namespace KefuHub.Server.Redis;

/// <summary>How routing state is kept in Redis, bound from <c>Redis</c>.</summary>
public sealed class RedisRoutingOptions
{
    public const string SectionName = "Redis";

    /// <summary>Prefix of every key and channel of this deployment, so several can share one Redis. Default <c>kefu</c>.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]{1,40}$")]
    public string KeyPrefix { get; set; } = "kefu";

    /// <summary>Commands between snapshots of a tenant's state; the log is trimmed to the previous snapshot. Default 1000.</summary>
    [Range(2, 1_000_000)]
    public int SnapshotInterval { get; set; } = 1000;
}
