using KefuHub.Server.Api.Admin;

namespace KefuHub.Server.Api.AdminConsole;

/// <summary>A time plan as <c>PUT /timeplan</c> takes it, not saved, and the instant to look at (now when null).</summary>
public sealed record TimePlanPreviewRequest(
    string? TimeZone,
    IReadOnlyList<WorktimeRequest?>? Worktimes,
    IReadOnlyList<HolidayRequest?>? Holidays,
    DateTimeOffset? At = null);
