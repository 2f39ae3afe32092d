namespace KefuHub.Server.Api.Admin;

/// <summary>Calendar days of a time zone as instants, for counting by local day.</summary>
internal static class LocalDays
{
    /// <summary>The local date at <paramref name="instant"/>.</summary>
    public static DateOnly DateAt(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>
    /// When each of the <paramref name="days"/> days ending with <paramref name="lastDay"/> begins, then
    /// when the last one ends: <paramref name="days"/> + 1 instants. A day whose midnight a DST change
    /// skips begins when the clock resumes; days are 23 or 25 hours long across DST changes.
    /// </summary>
    public static IReadOnlyList<DateTimeOffset> Starts(DateOnly lastDay, int days, TimeZoneInfo zone)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        var starts = new DateTimeOffset[days + 1];
        for (var i = 0; i <= days; i++)
        {
            starts[i] = StartOf(lastDay.AddDays(i - days + 1), zone);
        }

        return starts;
    }

    private static DateTimeOffset StartOf(DateOnly date, TimeZoneInfo zone)
    {
        var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(15);
        }

        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }
}
