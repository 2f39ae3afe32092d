using KefuHub.Routing;

namespace KefuHub.Tests.Routing;

public sealed class TimePlanTests
{
    private static readonly TimeOnly Nine = new(9, 0);
    private static readonly TimeOnly Six = new(18, 0);

    private static List<WorkWindow> Weekdays(TimeOnly start, TimeOnly end) =>
        Enumerable.Range(1, 5).Select(d => new WorkWindow(d, start, end)).ToList();

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(2026, 11, 2, 0, 59, false)] // Monday 08:59 Shanghai
    [InlineData(2026, 11, 2, 1, 0, true)] // Monday 09:00
    [InlineData(2026, 11, 2, 9, 59, true)] // Monday 17:59
    [InlineData(2026, 11, 2, 10, 0, false)] // Monday 18:00: the end is exclusive
    [InlineData(2026, 11, 7, 3, 0, false)] // Saturday 11:00
    public void IsOpenAt_EvaluatesWindowsInTheTenantsZone(int y, int mo, int d, int h, int mi, bool open)
    {
        var plan = new TimePlan("Asia/Shanghai", Weekdays(Nine, Six));

        Assert.Equal(open, plan.IsOpenAt(Utc(y, mo, d, h, mi)));
    }

    [Fact]
    public void IsOpenAt_KeepsLocalHoursAcrossDaylightSavingChanges()
    {
        var plan = new TimePlan("America/New_York", Weekdays(Nine, Six));

        // Friday 6 March 2026 is EST (UTC-5), Monday 9 March EDT (UTC-4): 09:30 local is 14:30 then 13:30 UTC.
        Assert.False(plan.IsOpenAt(Utc(2026, 3, 6, 13, 30)));
        Assert.True(plan.IsOpenAt(Utc(2026, 3, 6, 14, 30)));
        Assert.True(plan.IsOpenAt(Utc(2026, 3, 9, 13, 30)));
        Assert.True(plan.IsOpenAt(Utc(2026, 3, 9, 21, 59)));
        Assert.False(plan.IsOpenAt(Utc(2026, 3, 9, 22, 0)));

        // And back to EST on Sunday 1 November 2026: Monday 2 November 09:00 is 14:00 UTC.
        Assert.False(plan.IsOpenAt(Utc(2026, 11, 2, 13, 30)));
        Assert.True(plan.IsOpenAt(Utc(2026, 11, 2, 14, 0)));
    }

    [Fact]
    public void IsOpenAt_WindowAcrossMidnight_OpensIntoTheNextDay()
    {
        // Friday 22:00 to Saturday 02:00, UTC.
        var plan = new TimePlan("Etc/UTC", [new WorkWindow(5, new TimeOnly(22, 0), new TimeOnly(2, 0))]);

        Assert.False(plan.IsOpenAt(Utc(2026, 11, 6, 21, 59)));
        Assert.True(plan.IsOpenAt(Utc(2026, 11, 6, 23, 0)));
        Assert.True(plan.IsOpenAt(Utc(2026, 11, 7, 1, 59)));
        Assert.False(plan.IsOpenAt(Utc(2026, 11, 7, 2, 0)));
        Assert.False(plan.IsOpenAt(Utc(2026, 11, 7, 23, 0)));
    }

    [Fact]
    public void IsOpenAt_SeveralWindowsADay_LeavesTheGapsClosed()
    {
        var plan = new TimePlan("Etc/UTC", [new WorkWindow(1, new TimeOnly(9, 0), new TimeOnly(12, 0)), new WorkWindow(1, new TimeOnly(13, 30), new TimeOnly(18, 0))]);

        Assert.True(plan.IsOpenAt(Utc(2026, 11, 2, 11, 59)));
        Assert.False(plan.IsOpenAt(Utc(2026, 11, 2, 12, 30)));
        Assert.True(plan.IsOpenAt(Utc(2026, 11, 2, 13, 30)));
    }

    [Fact]
    public void IsOpenAt_StartEqualToEnd_IsOpenAroundTheClock()
    {
        var plan = new TimePlan("Etc/UTC", [new WorkWindow(1, new TimeOnly(0, 0), new TimeOnly(0, 0))]);

        Assert.True(plan.IsOpenAt(Utc(2026, 11, 2, 0, 0)));
        Assert.True(plan.IsOpenAt(Utc(2026, 11, 2, 23, 59)));
        Assert.False(plan.IsOpenAt(Utc(2026, 11, 3, 0, 0)));
    }

    [Fact]
    public void IsOpenAt_Holiday_ClosesItsLocalDateAndTheNightWindowsThatStartOnIt()
    {
        var everyNight = Enumerable.Range(0, 7).Select(d => new WorkWindow(d, new TimeOnly(20, 0), new TimeOnly(4, 0))).ToList();
        var plan = new TimePlan("Asia/Shanghai", everyNight, [new Holiday(new DateOnly(2026, 10, 1), "National Day")]);

        // 30 Sept 23:00 local is open; its window's spill into 1 Oct is closed by the holiday.
        Assert.True(plan.IsOpenAt(Utc(2026, 9, 30, 15, 0)));
        Assert.False(plan.IsOpenAt(Utc(2026, 9, 30, 17, 0)));
        Assert.False(plan.IsOpenAt(Utc(2026, 10, 1, 13, 0)));

        // The window starting on the holiday evening stays closed after midnight too.
        Assert.False(plan.IsOpenAt(Utc(2026, 10, 1, 17, 0)));
        Assert.True(plan.IsOpenAt(Utc(2026, 10, 2, 13, 0)));
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons", 1, "Unknown time zone")]
    [InlineData("Asia/Shanghai", 7, "Weekday 7")]
    public void Validate_NamesWhatIsWrong(string zone, int weekday, string expected)
    {
        var plan = new TimePlan(zone, [new WorkWindow(weekday, Nine, Six)]);

        Assert.StartsWith(expected, plan.Validate(), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WellFormedPlan_IsNull() =>
        Assert.Null(new TimePlan("Europe/Berlin", Weekdays(Nine, Six)).Validate());
}
