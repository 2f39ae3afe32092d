namespace KefuHub.Server.Storage;

/// <summary>A tenant's working hours as <c>GET/PUT /api/tenants/{t}/timeplan</c> shows them; stored as one JSON document.</summary>
public sealed record TimePlanDocument
{
    /// <summary>An IANA time zone id.</summary>
    public required string TimeZone { get; init; }

    public IReadOnlyList<WorktimeDocument> Worktimes { get; init; } = [];

    public IReadOnlyList<HolidayDocument> Holidays { get; init; } = [];
}
