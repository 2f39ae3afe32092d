namespace KefuHub.Tests.Infrastructure;

/// <summary>Where fake clocks start, so that tests read dates the same way.</summary>
public static class TestClock
{
    /// <summary>Monday 2 November 2026, 09:00 UTC: a working day, inside usual working hours.</summary>
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A <see cref="FakeTimeProvider"/> at <see cref="Start"/>; it moves only when the test advances it.</summary>
    public static FakeTimeProvider Create() => new(Start);
}
