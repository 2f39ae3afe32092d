using System.Globalization;
using KefuHub.Server.Api.Admin;
using KefuHub.Server.Conversations;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.AdminConsole;

/// <summary>
/// <c>POST /timeplan/preview</c>: "open now?" for a time plan being edited, decided by the same
/// <see cref="KefuHub.Routing.TimePlan"/> routing uses, so the console never guesses.
/// </summary>
internal static class TimePlanPreviewEndpoints
{
    /// <summary>How far ahead the next opening or closing is looked for.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(8);

    public static RouteGroupBuilder MapTimePlanPreviewEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/timeplan/preview", Preview);
        return tenant;
    }

    private static IResult Preview([FromBody] TimePlanPreviewRequest? request, TimeProvider time)
    {
        var document = ConfigurationEndpoints.ToDocument(
            request is null ? null : new TimePlanRequest(request.TimeZone, request.Worktimes, request.Holidays),
            out var problem);
        if (document is null)
        {
            return AdminErrors.Invalid(problem);
        }

        var plan = TenantRoutingLoader.ToRouting(TenantSettings.Default, document).TimePlan!;
        if (plan.Validate() is { } invalid)
        {
            return AdminErrors.Invalid(invalid);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(plan.TimeZoneId);
        var at = request!.At ?? time.GetUtcNow();
        var open = plan.IsOpenAt(at);

        // Windows and holidays start and end on whole local minutes, and every zone's offset is whole
        // minutes, so the answer can only change on a whole minute: step minute by minute.
        DateTimeOffset? next = null;
        var minute = new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        for (var candidate = minute.AddMinutes(1); candidate <= at + Horizon; candidate = candidate.AddMinutes(1))
        {
            if (plan.IsOpenAt(candidate) != open)
            {
                next = candidate;
                break;
            }
        }

        var local = TimeZoneInfo.ConvertTime(at, zone);
        var date = DateOnly.FromDateTime(local.DateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var holiday = document.Holidays.FirstOrDefault(h => h.Date == date);
        return ApiResponse.Entity(new TimePlanPreviewView(
            open,
            at,
            Format(local),
            (int)local.DayOfWeek,
            holiday is null ? null : holiday.Note ?? string.Empty,
            next,
            next is { } n ? Format(TimeZoneInfo.ConvertTime(n, zone)) : null));
    }

    private static string Format(DateTimeOffset local) => local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
