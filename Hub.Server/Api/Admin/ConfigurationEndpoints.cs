using System.Globalization;
using System.Text.RegularExpressions;
using KefuHub.Server.Api.Files;
using KefuHub.Server.Conversations;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Admin;

/// <summary>The tenant's settings and time plan; a change is stored, then applied to routing and the settings cache at once.</summary>
internal static partial class ConfigurationEndpoints
{
    private const int MaxTextLength = 1000;
    private const int MaxGraceSeconds = 86_400;
    private const int MaxOrigins = 50;
    private const int MaxWorktimes = 70;
    private const int MaxHolidays = 366;
    private const int MaxNoteLength = 200;
    private const int MaxNameLength = 100;
    private const int MaxInactivityMinutes = 10_080;
    private const int MinSecretLength = 16;
    private const int MaxSecretLength = 256;

    public static RouteGroupBuilder MapConfigurationEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/settings", async (int tenantId, ITenantStore tenants, CancellationToken cancellationToken) =>
            ApiResponse.Entity(SettingsView.From(await tenants.GetSettingsAsync(tenantId, cancellationToken))));
        tenant.MapPut("/settings", PutSettingsAsync);
        tenant.MapGet("/timeplan", async (int tenantId, ITenantStore tenants, CancellationToken cancellationToken) =>
            ApiResponse.Entity(await tenants.GetTimePlanAsync(tenantId, cancellationToken)));
        tenant.MapPut("/timeplan", PutTimePlanAsync);
        tenant.MapDelete("/timeplan", DeleteTimePlanAsync);
        return tenant;
    }

    private static async Task<IResult> PutSettingsAsync(
        int tenantId,
        [FromBody] SettingsRequest? request,
        ITenantStore tenants,
        IQueueStore queues,
        TenantSettingsCache cache,
        TenantRoutingLoader loader,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return AdminErrors.Invalid("A settings object is required.");
        }

        if (new[] { request.WelcomeMessage, request.OffDutyReminderText }.Any(t => t?.Length > MaxTextLength))
        {
            return AdminErrors.Invalid($"welcomeMessage and offDutyReminderText are at most {MaxTextLength} characters.");
        }

        if (new[] { request.AgentOfflineGraceSeconds, request.VisitorWaitGraceSeconds, request.SpecifiedAgentTimeoutSeconds }.Any(s => s is < 0 or > MaxGraceSeconds))
        {
            return AdminErrors.Invalid($"Grace periods and timeouts are between 0 and {MaxGraceSeconds} seconds.");
        }

        if (request.AllowedOrigins is { } origins && (origins.Count > MaxOrigins || !origins.All(IsOrigin)))
        {
            return AdminErrors.Invalid($"allowedOrigins holds at most {MaxOrigins} origins such as https://shop.example.com.");
        }

        if (request.EnterpriseName?.Length > MaxNameLength)
        {
            return AdminErrors.Invalid($"enterpriseName is at most {MaxNameLength} characters.");
        }

        if (request.LogoUrl is { Length: > 0 } logo && !IsLogoUrl(logo))
        {
            return AdminErrors.Invalid("logoUrl is an http(s) url or a /api/tenants/{tenantId}/files/{fileId} url, at most 500 characters.");
        }

        if (request.ThemeColor is { Length: > 0 } color && !ThemeColorPattern().IsMatch(color))
        {
            return AdminErrors.Invalid("themeColor is a colour such as #2563eb.");
        }

        if (request.InactivityCloseMinutes is < 0 or > MaxInactivityMinutes)
        {
            return AdminErrors.Invalid($"inactivityCloseMinutes is between 0 (never) and {MaxInactivityMinutes}.");
        }

        if (request.IdentitySecret is { Length: > 0 and (< MinSecretLength or > MaxSecretLength) })
        {
            return AdminErrors.Invalid($"identitySecret is {MinSecretLength} to {MaxSecretLength} characters (\"\" turns identity off).");
        }

        if (request.DefaultQueueId is int queueId and not 0 && await queues.GetQueueAsync(tenantId, queueId, cancellationToken) is null)
        {
            return AdminErrors.NotFound($"queue {queueId}");
        }

        var current = await tenants.GetSettingsAsync(tenantId, cancellationToken);
        var updated = current with
        {
            WelcomeMessage = request.WelcomeMessage is null ? current.WelcomeMessage : EmptyToNull(request.WelcomeMessage),
            OffDutyReminderEnabled = request.OffDutyReminderEnabled ?? current.OffDutyReminderEnabled,
            OffDutyReminderText = request.OffDutyReminderText is null ? current.OffDutyReminderText : EmptyToNull(request.OffDutyReminderText),
            AgentOfflineGraceSeconds = request.AgentOfflineGraceSeconds ?? current.AgentOfflineGraceSeconds,
            VisitorWaitGraceSeconds = request.VisitorWaitGraceSeconds ?? current.VisitorWaitGraceSeconds,
            SpecifiedAgentTimeoutSeconds = request.SpecifiedAgentTimeoutSeconds ?? current.SpecifiedAgentTimeoutSeconds,
            RatingOnClose = request.RatingOnClose ?? current.RatingOnClose,
            DefaultQueueId = request.DefaultQueueId is null ? current.DefaultQueueId : request.DefaultQueueId == 0 ? null : request.DefaultQueueId,
            AllowedOrigins = request.AllowedOrigins?.Select(NormalizeOrigin).ToList() ?? current.AllowedOrigins,
            EnterpriseName = request.EnterpriseName is null ? current.EnterpriseName : EmptyToNull(request.EnterpriseName),
            LogoUrl = request.LogoUrl is null ? current.LogoUrl : EmptyToNull(request.LogoUrl),
            ThemeColor = request.ThemeColor is null ? current.ThemeColor : EmptyToNull(request.ThemeColor),
            ShowAgentNickname = request.ShowAgentNickname ?? current.ShowAgentNickname,
            SummaryRequired = request.SummaryRequired ?? current.SummaryRequired,
            VisitorRatingEnabled = request.VisitorRatingEnabled ?? current.VisitorRatingEnabled,
            InactivityCloseMinutes = request.InactivityCloseMinutes ?? current.InactivityCloseMinutes,
            IdentitySecret = request.IdentitySecret is null ? current.IdentitySecret : EmptyToNull(request.IdentitySecret),
        };
        await tenants.SaveSettingsAsync(tenantId, updated, cancellationToken);
        cache.Invalidate(tenantId);
        await loader.ApplySettingsAsync(tenantId, cancellationToken);
        return ApiResponse.Entity(SettingsView.From(updated));
    }

    private static async Task<IResult> PutTimePlanAsync(
        int tenantId,
        [FromBody] TimePlanRequest? request,
        ITenantStore tenants,
        TenantRoutingLoader loader,
        CancellationToken cancellationToken)
    {
        if (ToDocument(request, out var problem) is not { } plan)
        {
            return AdminErrors.Invalid(problem);
        }

        if (TenantRoutingLoader.ToRouting(TenantSettings.Default, plan).TimePlan!.Validate() is { } invalid)
        {
            return AdminErrors.Invalid(invalid);
        }

        await tenants.SaveTimePlanAsync(tenantId, plan, cancellationToken);
        await loader.ApplySettingsAsync(tenantId, cancellationToken);
        return ApiResponse.Entity(plan);
    }

    /// <summary>No time plan: always open.</summary>
    private static async Task<IResult> DeleteTimePlanAsync(int tenantId, ITenantStore tenants, TenantRoutingLoader loader, CancellationToken cancellationToken)
    {
        await tenants.SaveTimePlanAsync(tenantId, null, cancellationToken);
        await loader.ApplySettingsAsync(tenantId, cancellationToken);
        return ApiResponse.Entity<TimePlanDocument?>(null);
    }

    /// <summary>The plan of a request, checked as PUT /timeplan checks it; null with the problem otherwise.</summary>
    internal static TimePlanDocument? ToDocument(TimePlanRequest? request, out string problem)
    {
        problem = string.Empty;
        if (string.IsNullOrWhiteSpace(request?.TimeZone) || request.TimeZone.Length > 64)
        {
            problem = "timeZone (an IANA id such as Asia/Shanghai) is required.";
            return null;
        }

        var worktimes = request.Worktimes ?? [];
        var holidays = request.Holidays ?? [];
        if (worktimes.Count > MaxWorktimes || holidays.Count > MaxHolidays)
        {
            problem = $"At most {MaxWorktimes} worktimes and {MaxHolidays} holidays.";
            return null;
        }

        var windows = new List<WorktimeDocument>(worktimes.Count);
        foreach (var w in worktimes)
        {
            if (w is not { Weekday: >= 0 and <= 6 } || !IsTime(w.Start) || !IsTime(w.End) || w.Start == w.End)
            {
                problem = "Each worktime needs a weekday 0 (Sunday) to 6 and different start and end times as HH:mm.";
                return null;
            }

            windows.Add(new WorktimeDocument(w.Weekday.Value, w.Start!, w.End!));
        }

        var days = new List<HolidayDocument>(holidays.Count);
        foreach (var h in holidays)
        {
            if (h is null || !DateOnly.TryParseExact(h.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) || h.Note?.Length > MaxNoteLength)
            {
                problem = $"Each holiday needs a date as yyyy-MM-dd and a note of at most {MaxNoteLength} characters.";
                return null;
            }

            days.Add(new HolidayDocument(h.Date!, h.Note));
        }

        return new TimePlanDocument { TimeZone = request.TimeZone.Trim(), Worktimes = windows, Holidays = days };
    }

    private static bool IsTime(string? value) => TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    /// <summary>
    /// An origin as browsers send it: scheme, host and port only. Userinfo, a fragment, a path, a query or
    /// spaces can never equal an <c>Origin</c> header, so such entries are refused rather than kept dead.
    /// </summary>
    private static bool IsOrigin(string? origin) =>
        origin is { Length: > 0 and <= 200 } &&
        !origin.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) &&
        origin.IndexOfAny(['@', '#', '?']) < 0 &&
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) &&
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
        uri.AbsolutePath == "/" && uri.UserInfo.Length == 0 &&
        string.Equals(origin.TrimEnd('/'), uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);

    /// <summary>How browsers write the origin: lowercase scheme and host, no default port, no slash.</summary>
    private static string NormalizeOrigin(string origin) => new Uri(origin).GetLeftPart(UriPartial.Authority);

    /// <summary>The widget shows the logo as an image on the tenant's pages: only http(s) or our own file urls.</summary>
    private static bool IsLogoUrl(string url) =>
        url.Length <= 500 &&
        (FileUrls.IsFileUrl(url) ||
         (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && string.IsNullOrEmpty(uri.UserInfo)));

    [GeneratedRegex("^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")]
    private static partial Regex ThemeColorPattern();

    private static string? EmptyToNull(string text) => text.Length == 0 ? null : text;
}
