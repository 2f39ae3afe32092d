using System.Threading.RateLimiting;

namespace KefuHub.Server.Redis;

/// <summary>The answer of <see cref="RedisWindowRateLimiter"/>: granted, or refused with when to retry.</summary>
internal sealed class RedisWindowLease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
{
    public static RedisWindowLease Granted { get; } = new(true, null);

    public static RedisWindowLease NotNow { get; } = new(false, null);

    public override bool IsAcquired => acquired;

    public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

    public static RedisWindowLease Refused(TimeSpan retryAfter) => new(false, retryAfter);

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
        return metadata is not null;
    }
}
