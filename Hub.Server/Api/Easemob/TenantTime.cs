using System.Globalization;

namespace KefuHub.Server.Api.Easemob;

/// <summary>A tenant's zone, with the formats of Easemob's answers.</summary>
internal sealed record TenantTime(TimeZoneInfo Zone, DateTimeOffset Now)
{
    public string Format(DateTimeOffset value) =>
        TimeZoneInfo.ConvertTime(value, Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    public string? Format(DateTimeOffset? value) => value is { } v ? Format(v) : null;

    /// <summary>As Easemob's role times: <c>2018-03-23T16:02:02.000+0800</c>, in the zone.</summary>
    public string FormatIso(DateTimeOffset value)
    {
        var local = TimeZoneInfo.ConvertTime(value, Zone);
        var offset = local.Offset.Duration();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{local:yyyy-MM-dd'T'HH:mm:ss.fff}{(local.Offset < TimeSpan.Zero ? '-' : '+')}{offset.Hours:00}{offset.Minutes:00}");
    }

    /// <summary>The zone's offset now, as Easemob writes it: <c>UTC</c>, <c>UTC+8</c>, <c>UTC+5:30</c>, <c>UTC-3</c>.</summary>
    public string OffsetName()
    {
        var offset = Zone.GetUtcOffset(Now);
        if (offset == TimeSpan.Zero)
        {
            return "UTC";
        }

        var sign = offset < TimeSpan.Zero ? "-" : "+";
        var abs = offset.Duration();
        return abs.Minutes == 0
            ? string.Create(CultureInfo.InvariantCulture, $"UTC{sign}{abs.Hours}")
            : string.Create(CultureInfo.InvariantCulture, $"UTC{sign}{abs.Hours}:{abs.Minutes:00}");
    }
}
