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

    /// <summary>How often a node says it is alive, and sweeps for dead nodes and overdue deadlines. Default 5 s.</summary>
    [Range(1, 60)]
    public int HeartbeatSeconds { get; set; } = 5;

    /// <summary>A node silent this long is dead: its connections are dropped from routing (rule 7 then applies). Default 15 s.</summary>
    [Range(3, 600)]
    public int NodeTimeoutSeconds { get; set; } = 15;
}
