using KefuHub.Routing;

namespace KefuHub.Server.Storage;

/// <summary>
/// The filters of the history query. Empty lists and null values filter nothing; every range is inclusive.
/// <see cref="EnquirySummary"/> 0 means "not rated".
/// </summary>
public sealed record SessionHistoryQuery
{
    public required int TenantId { get; init; }

    public IReadOnlyList<SessionState> States { get; init; } = [];

    public IReadOnlyList<string> OriginTypes { get; init; } = [];

    /// <summary>Part of the visitor's nickname, case-insensitively.</summary>
    public string? CustomerName { get; init; }

    public bool? Transferred { get; init; }

    /// <summary>Sessions an agent started by calling back; KefuHub has none, so <c>true</c> matches nothing.</summary>
    public bool? FromAgentCallback { get; init; }

    public int? EnquirySummary { get; init; }

    public IReadOnlyList<int> QueueIds { get; init; } = [];

    public IReadOnlyList<string> AgentUserIds { get; init; } = [];

    /// <summary>Sessions this agent served at any time (before a transfer too).</summary>
    public string? ServedByAgentUserId { get; init; }

    /// <summary>Sessions whose channel id is one of these (KefuHub has one: <see cref="TechChannel.Id"/>).</summary>
    public IReadOnlyList<int> TechChannelIds { get; init; } = [];

    /// <summary>Sessions whose channel type is one of these, ignoring case (<see cref="TechChannel.Type"/>).</summary>
    public IReadOnlyList<string> TechChannelTypes { get; init; } = [];

    /// <summary>Sessions whose rating carries one of these tags.</summary>
    public IReadOnlyList<string> EnquiryTags { get; init; } = [];

    /// <summary>Sessions closed with one of these summaries (the caller adds descendants).</summary>
    public IReadOnlyList<int> SummaryIds { get; init; } = [];

    public DateTimeOffset? StartedFrom { get; init; }

    public DateTimeOffset? StartedTo { get; init; }

    public DateTimeOffset? StoppedFrom { get; init; }

    public DateTimeOffset? StoppedTo { get; init; }

    public DateTimeOffset? CreatedFrom { get; init; }

    public DateTimeOffset? CreatedTo { get; init; }

    public SessionHistorySortField SortField { get; init; } = SessionHistorySortField.CreateDatetime;

    public bool Descending { get; init; } = true;

    /// <summary>From 1.</summary>
    public int Page { get; init; } = 1;

    public int PerPage { get; init; } = 50;
}
