using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Easemob;

/// <summary>
/// The query of <c>GET /api/tenants/{tenantId}/serviceSessionHistorys</c>, as text: <see cref="SessionHistoryQueryParser"/>
/// checks it. List parameters take comma-separated values, repeated parameters, or both. Empty values filter nothing.
/// </summary>
public sealed record HistoryQueryParameters
{
    [FromQuery(Name = "page")]
    public string? Page { get; init; }

    [FromQuery(Name = "per_page")]
    public string? PerPage { get; init; }

    /// <summary><c>Wait</c>, <c>Processing</c>, <c>Terminal</c>, <c>Abort</c>.</summary>
    [FromQuery(Name = "state")]
    public string[]? State { get; init; }

    /// <summary><c>webim</c>, <c>app</c>, <c>weixin</c>, <c>weibo</c>, <c>phone</c>.</summary>
    [FromQuery(Name = "originType")]
    public string[]? OriginType { get; init; }

    [FromQuery(Name = "customerName")]
    public string? CustomerName { get; init; }

    [FromQuery(Name = "transfered")]
    public string? Transfered { get; init; }

    [FromQuery(Name = "fromAgentCallback")]
    public string? FromAgentCallback { get; init; }

    /// <summary>The rating 1 to 5, or 0 for sessions without one.</summary>
    [FromQuery(Name = "enquirySummary")]
    public string? EnquirySummary { get; init; }

    [FromQuery(Name = "queueIds")]
    public string[]? QueueIds { get; init; }

    /// <summary>Agent user ids.</summary>
    [FromQuery(Name = "agentIds")]
    public string[]? AgentIds { get; init; }

    /// <summary>In Easemob's example beside the documented filters: one queue (0 = all).</summary>
    [FromQuery(Name = "queueId")]
    public string? QueueId { get; init; }

    /// <summary>In Easemob's example beside the documented filters: one agent user id.</summary>
    [FromQuery(Name = "agentUserId")]
    public string? AgentUserId { get; init; }

    /// <summary>Start (first taken by an agent) from, ISO 8601 UTC: <c>2018-06-16T23:59:59.000Z</c>.</summary>
    [FromQuery(Name = "beginDate")]
    public string? BeginDate { get; init; }

    [FromQuery(Name = "endDate")]
    public string? EndDate { get; init; }

    [FromQuery(Name = "stopDateFrom")]
    public string? StopDateFrom { get; init; }

    [FromQuery(Name = "stopDateTo")]
    public string? StopDateTo { get; init; }

    [FromQuery(Name = "createDateFrom")]
    public string? CreateDateFrom { get; init; }

    [FromQuery(Name = "createDateTo")]
    public string? CreateDateTo { get; init; }

    /// <summary><c>stopDateTime</c>, <c>startDateTime</c> or <c>createDatetime</c> (default).</summary>
    [FromQuery(Name = "sortField")]
    public string? SortField { get; init; }

    /// <summary><c>asc</c> or <c>desc</c> (default).</summary>
    [FromQuery(Name = "sortOrder")]
    public string? SortOrder { get; init; }

    /// <summary>In Easemob's example beside <c>sortOrder</c>: the same, <c>asc</c> or <c>desc</c>.</summary>
    [FromQuery(Name = "orderType")]
    public string? OrderType { get; init; }

    /// <summary><c>true</c>: the calling agent's own sessions (every session it served), as Easemob's agent mode.</summary>
    [FromQuery(Name = "isAgent")]
    public string? IsAgent { get; init; }

    /// <summary>Channel ids; KefuHub's one channel is 0.</summary>
    [FromQuery(Name = "techChannelId")]
    public string[]? TechChannelId { get; init; }

    /// <summary>Channel types; KefuHub's one channel is <c>kefuhub</c>.</summary>
    [FromQuery(Name = "techChannelType")]
    public string[]? TechChannelType { get; init; }

    /// <summary>Rating tags (KefuHub's are named: the visitor's <c>Rate</c> tags).</summary>
    [FromQuery(Name = "enquiryTagIds")]
    public string[]? EnquiryTagIds { get; init; }

    /// <summary>Session summary ids; a summary also selects its descendants.</summary>
    [FromQuery(Name = "summaryIds")]
    public string[]? SummaryIds { get; init; }
}
