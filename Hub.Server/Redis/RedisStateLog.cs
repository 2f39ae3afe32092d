namespace KefuHub.Server.Redis;

/// <summary>Log messages of the Redis state (2000+).</summary>
internal static partial class RedisStateLog
{
    [LoggerMessage(2000, LogLevel.Warning, "Routing state of tenant {TenantId} in Redis is gone (restarted empty or flushed); this node starts over from an empty state", EventName = "RoutingStateLost")]
    public static partial void StateLost(ILogger logger, int tenantId);

    [LoggerMessage(2001, LogLevel.Error, "Routing command {Seq} of tenant {TenantId} threw while applied; every replica applies it the same way", EventName = "RoutingCommandFailed")]
    public static partial void CommandFailed(ILogger logger, int tenantId, long seq, Exception exception);

    [LoggerMessage(2002, LogLevel.Warning, "Saving the routing snapshot {Seq} of tenant {TenantId} failed; the log is trimmed at the next one", EventName = "RoutingSnapshotFailed")]
    public static partial void SnapshotFailed(ILogger logger, int tenantId, long seq, Exception exception);

    [LoggerMessage(2003, LogLevel.Debug, "Tenant {TenantId} replica loaded the snapshot at {Seq}", EventName = "RoutingSnapshotLoaded")]
    public static partial void SnapshotLoaded(ILogger logger, int tenantId, long seq);

    [LoggerMessage(2004, LogLevel.Warning, "Seeding the routing state of tenant {TenantId} from the durable store; its commands wait until it is done", EventName = "RoutingStateSeeding")]
    public static partial void Seeding(ILogger logger, int tenantId);

    [LoggerMessage(2005, LogLevel.Information, "Routing state of tenant {TenantId} seeded", EventName = "RoutingStateSeeded")]
    public static partial void Seeded(ILogger logger, int tenantId);

    [LoggerMessage(2006, LogLevel.Warning, "Catching the routing replica of tenant {TenantId} up with another node's commands failed; its next read syncs it", EventName = "RoutingCatchUpFailed")]
    public static partial void CatchUpFailed(ILogger logger, int tenantId, Exception exception);
}
