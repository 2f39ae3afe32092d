namespace KefuHub.Server.Storage;

/// <param name="Weekday">0 (Sunday) to 6 (Saturday).</param>
/// <param name="Start">Local time, <c>HH:mm</c>.</param>
/// <param name="End">Local time, <c>HH:mm</c>; earlier than <paramref name="Start"/> when the window crosses midnight.</param>
public sealed record WorktimeDocument(int Weekday, string Start, string End);
