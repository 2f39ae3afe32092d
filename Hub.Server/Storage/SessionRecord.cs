using KefuHub.Routing;

namespace KefuHub.Server.Storage;

/// <summary>
/// A service session as the history API shows it. The routing fields follow the routing engine's
/// events; the closing fields (summaries, comment, rating) are set by their own calls.
/// </summary>
public sealed record SessionRecord
{
    public required int TenantId { get; init; }

    public required string ServiceSessionId { get; init; }

    public required string VisitorId { get; init; }

    public required SessionState State { get; init; }

    public int? QueueId { get; init; }

    /// <summary>The agent serving the session, or the last one who did once it ended.</summary>
    public string? AgentUserId { get; init; }

    public string? SpecifiedAgentUserId { get; init; }

    /// <summary><c>webim</c>, <c>app</c>, <c>weixin</c>, <c>weibo</c> or <c>phone</c>.</summary>
    public string OriginType { get; init; } = "webim";

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When an agent first took the session.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }

    public bool Transferred { get; init; }

    public string? EndReason { get; init; }

    public IReadOnlyList<int> SummaryIds { get; init; } = [];

    public string? Comment { get; init; }

    /// <summary>The visitor's rating, 1 to 5.</summary>
    public int? EnquirySummary { get; init; }

    public string? EnquiryDetail { get; init; }

    public IReadOnlyList<string> EnquiryTags { get; init; } = [];

    /// <summary>The highest message <c>seq</c> of the session.</summary>
    public long LastSeq { get; init; }

    public DateTimeOffset? AgentLastMessageAt { get; init; }

    /// <summary>The routing change this row shows (<c>SessionSnapshot.Version</c>): an upsert of an older one is ignored.</summary>
    public long RoutingVersion { get; init; }

    /// <summary>The visitor was asked to rate it (InviteRating, or rating on close); once set, it stays.</summary>
    public bool RatingInvited { get; init; }
}
