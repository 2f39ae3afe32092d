using KefuHub.Server.Api.Admin;
using KefuHub.Server.Conversations;
using KefuHub.Server.Storage;
using KefuHub.Server.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace KefuHub.Server.Api.Robot;

/// <summary><c>GET/PUT /robot</c>: the tenant's robot reception (administrators); see <see cref="ConversationService"/> for what it does.</summary>
internal static class RobotEndpoints
{
    public const int MaxNameLength = 50;
    public const int MaxTextLength = 2000;
    public const int MaxRules = 100;
    public const int MaxKeywords = 20;
    public const int MaxKeywordLength = 50;
    private const int MinSecretLength = 16;
    private const int MaxSecretLength = 256;

    public static RouteGroupBuilder MapRobotEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/robot", async (int tenantId, ITenantStore tenants, CancellationToken cancellationToken) =>
            ApiResponse.Entity(RobotView.From((await tenants.GetSettingsAsync(tenantId, cancellationToken)).Robot)));
        tenant.MapPut("/robot", PutAsync);
        return tenant;
    }

    private static async Task<IResult> PutAsync(
        int tenantId,
        [FromBody] RobotRequest? request,
        ITenantStore tenants,
        TenantSettingsCache cache,
        IOptions<WebhookOptions> webhookOptions,
        CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return AdminErrors.Invalid("A robot object is required.");
        }

        if (request.Name is { } name && (string.IsNullOrWhiteSpace(name) || VisibleText.IsLongerThan(name.Trim(), MaxNameLength)))
        {
            return AdminErrors.Invalid($"name is 1 to {MaxNameLength} characters.");
        }

        if (new[] { request.Greeting, request.FallbackAnswer }.Any(t => VisibleText.IsLongerThan(t, MaxTextLength)))
        {
            return AdminErrors.Invalid($"greeting and fallbackAnswer are at most {MaxTextLength} characters.");
        }

        if (request.Rules is { } rules && (rules.Count > MaxRules || rules.Any(r => r is null || !IsKeywordList(r.Keywords, 1) || string.IsNullOrWhiteSpace(r.Answer) || VisibleText.IsLongerThan(r.Answer.Trim(), MaxTextLength))))
        {
            return AdminErrors.Invalid($"rules are at most {MaxRules}, each with 1 to {MaxKeywords} keywords of 1 to {MaxKeywordLength} characters and an answer of 1 to {MaxTextLength}.");
        }

        if (request.TransferKeywords is { } transfer && !IsKeywordList(transfer, 0))
        {
            return AdminErrors.Invalid($"transferKeywords are at most {MaxKeywords}, each 1 to {MaxKeywordLength} characters.");
        }

        string? webhookUrl = null;
        if (request.WebhookUrl is { Length: > 0 } url)
        {
            if (WebhookUrls.Check(url, webhookOptions.Value.AllowPrivateNetworks, "webhookUrl", out var problem) is not { } uri)
            {
                return AdminErrors.Invalid(problem!);
            }

            webhookUrl = uri.AbsoluteUri;
        }

        if (request.WebhookSecret is { Length: > 0 and (< MinSecretLength or > MaxSecretLength) })
        {
            return AdminErrors.Invalid($"webhookSecret is {MinSecretLength} to {MaxSecretLength} characters (\"\" removes it).");
        }

        var settings = await tenants.GetSettingsAsync(tenantId, cancellationToken);
        var current = settings.Robot;
        var updated = current with
        {
            Enabled = request.Enabled ?? current.Enabled,
            Name = request.Name?.Trim() ?? current.Name,
            Greeting = request.Greeting is null ? current.Greeting : EmptyToNull(request.Greeting),
            Rules = request.Rules?.Select(r => new RobotRule(r!.Keywords!.Select(k => k!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList(), r.Answer!.Trim())).ToList() ?? current.Rules,
            FallbackAnswer = request.FallbackAnswer is null ? current.FallbackAnswer : EmptyToNull(request.FallbackAnswer),
            TransferKeywords = request.TransferKeywords?.Select(k => k!.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList() ?? current.TransferKeywords,
            WebhookUrl = request.WebhookUrl is null ? current.WebhookUrl : webhookUrl,
            WebhookSecret = request.WebhookSecret is null ? current.WebhookSecret : EmptyToNull(request.WebhookSecret),
        };
        await tenants.SaveSettingsAsync(tenantId, settings with { Robot = updated }, cancellationToken);
        cache.Invalidate(tenantId);
        return ApiResponse.Entity(RobotView.From(updated));
    }

    private static bool IsKeywordList(IReadOnlyList<string?>? keywords, int min) =>
        keywords is not null && keywords.Count >= min && keywords.Count <= MaxKeywords &&
        keywords.All(k => !string.IsNullOrWhiteSpace(k) && !VisibleText.IsLongerThan(k.Trim(), MaxKeywordLength));

    private static string? EmptyToNull(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
