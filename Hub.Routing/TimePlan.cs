namespace KefuHub.Routing;

/// <summary>
/// A tenant's working hours: windows per weekday in an IANA time zone, and holidays. Evaluated in local
/// wall-clock time at the moment of each decision, so daylight-saving changes move nothing.
/// A window belongs to the day it starts: its part after midnight is closed when either date is a holiday.
/// </summary>
public sealed class TimePlan
{
    public TimePlan(string timeZoneId, IReadOnlyList<WorkWindow> worktimes, IReadOnlyList<Holiday>? holidays = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZoneId);
        ArgumentNullException.ThrowIfNull(worktimes);
        TimeZoneId = timeZoneId;
        Worktimes = worktimes;
        Holidays = holidays ?? [];
    }

    /// <summary>An IANA time zone id such as <c>Asia/Shanghai</c>.</summary>
    public string TimeZoneId { get; }

    public IReadOnlyList<WorkWindow> Worktimes { get; }

    public IReadOnlyList<Holiday> Holidays { get; }

    /// <summary>Null when the plan is well formed; otherwise what is wrong with it.</summary>
    public string? Validate()
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZoneId, out _))
        {
            return $"Unknown time zone '{TimeZoneId}'.";
        }

        foreach (var window in Worktimes)
        {
            if (window.Weekday is < 0 or > 6)
            {
                return $"Weekday {window.Weekday} is outside 0 (Sunday) to 6 (Saturday).";
            }
        }

        return null;
    }

    public bool IsOpenAt(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, TimeZoneInfo.FindSystemTimeZoneById(TimeZoneId)).DateTime;
        var date = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        if (IsHoliday(date))
        {
            return false;
        }

        var today = (int)date.DayOfWeek;
        var yesterday = (today + 6) % 7;
        var yesterdayIsHoliday = IsHoliday(date.AddDays(-1));
        foreach (var window in Worktimes)
        {
            if (window.Weekday == today && (window.CrossesMidnight ? time >= window.Start : time >= window.Start && time < window.End))
            {
                return true;
            }

            if (window.Weekday == yesterday && window.CrossesMidnight && !yesterdayIsHoliday && time < window.End)
            {
                return true;
            }
        }

        return false;
    }

    private bool IsHoliday(DateOnly date)
    {
        foreach (var holiday in Holidays)
        {
            if (holiday.Date == date)
            {
                return true;
            }
        }

        return false;
    }
}
