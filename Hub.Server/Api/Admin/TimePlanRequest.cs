namespace KefuHub.Server.Api.Admin;

public sealed record TimePlanRequest(string? TimeZone, IReadOnlyList<WorktimeRequest?>? Worktimes, IReadOnlyList<HolidayRequest?>? Holidays);
