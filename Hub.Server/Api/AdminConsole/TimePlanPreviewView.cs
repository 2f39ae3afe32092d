namespace KefuHub.Server.Api.AdminConsole;

/// <summary>Whether a time plan is open at an instant, and when that next changes.</summary>
/// <param name="LocalTime">The instant in the plan's zone, <c>yyyy-MM-dd HH:mm</c>.</param>
/// <param name="Weekday">The local weekday, 0 (Sunday) to 6.</param>
/// <param name="Holiday">The note of the local date's holiday ("" without a note); null on a working day.</param>
/// <param name="NextChange">The first minute after <paramref name="At"/> with the other answer; null when the next 8 days bring none.</param>
public sealed record TimePlanPreviewView(
    bool Open,
    DateTimeOffset At,
    string LocalTime,
    int Weekday,
    string? Holiday,
    DateTimeOffset? NextChange,
    string? NextChangeLocalTime);
