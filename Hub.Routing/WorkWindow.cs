namespace KefuHub.Routing;

/// <summary>
/// One opening window in local time. <paramref name="Weekday"/> is 0 (Sunday) to 6 (Saturday), the day
/// the window starts. When <paramref name="End"/> is not after <paramref name="Start"/> the window crosses
/// midnight into the next day; <c>Start == End</c> means 24 hours from <paramref name="Start"/>.
/// </summary>
public sealed record WorkWindow(int Weekday, TimeOnly Start, TimeOnly End)
{
    internal bool CrossesMidnight => End <= Start;
}
