using KefuHub.Server.Storage;
using KefuHub.Server.Webhooks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace KefuHub.Server.Api.Admin;

internal static class WebhookEndpoints
{
    private const int MinSecretLength = 16;
    private const int MaxSecretLength = 256;

    public static RouteGroupBuilder MapWebhookEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapGet("/webhook", async (int tenantId, IWebhookStore webhooks, CancellationToken cancellationToken) =>
            ApiResponse.Entity(await webhooks.GetWebhookAsync(tenantId, cancellationToken) is { } webhook ? new WebhookView(webhook.Url, webhook.UpdatedAt) : null));
        tenant.MapPut("/webhook", PutAsync);
        tenant.MapDelete("/webhook", async (int tenantId, IWebhookStore webhooks, CancellationToken cancellationToken) =>
            await webhooks.DeleteWebhookAsync(tenantId, cancellationToken)
                ? ApiResponse.Entity<WebhookView?>(null)
                : AdminErrors.NotFound("webhook"));
        return tenant;
    }

    private static async Task<IResult> PutAsync(
        int tenantId,
        [FromBody] WebhookRequest? request,
        IWebhookStore webhooks,
        IOptions<WebhookOptions> options,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (WebhookUrls.Check(request?.Url, options.Value.AllowPrivateNetworks, "url", out var problem) is not { } uri)
        {
            return AdminErrors.Invalid(problem!);
        }

        if (request!.Secret is not { Length: >= MinSecretLength and <= MaxSecretLength })
        {
            return AdminErrors.Invalid($"secret is required: {MinSecretLength} to {MaxSecretLength} characters.");
        }

        var webhook = new WebhookRecord(tenantId, uri.AbsoluteUri, request.Secret, time.GetUtcNow());
        await webhooks.SaveWebhookAsync(webhook, cancellationToken);
        return ApiResponse.Entity(new WebhookView(webhook.Url, webhook.UpdatedAt));
    }
}
