namespace KefuHub.Server.Api.Admin;

/// <param name="Weekday">0 (Sunday) to 6.</param>
/// <param name="Start"><c>HH:mm</c>, local time.</param>
/// <param name="End"><c>HH:mm</c>; earlier than <paramref name="Start"/> when the window crosses midnight.</param>
public sealed record WorktimeRequest(int? Weekday, string? Start, string? End);
