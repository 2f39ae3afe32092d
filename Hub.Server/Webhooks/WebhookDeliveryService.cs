using KefuHub.Server.Storage;
using Microsoft.Extensions.Options;

namespace KefuHub.Server.Webhooks;

/// <summary>
/// Delivers the webhook outbox: each round claims the oldest undelivered event of up to
/// <see cref="WebhookOptions.TenantsPerRound"/> tenants (so a tenant's events go one at a time, oldest
/// first) and POSTs them concurrently. A failed attempt is retried after an exponential backoff, at
/// most <see cref="WebhookOptions.MaxAttempts"/> times. State lives only in the outbox table: events a
/// stopped or crashed hub did not deliver are picked up after a restart (at once after a clean stop,
/// after the <see cref="WebhookOptions.Lease"/> after a crash). Delivery is at least once; receivers
/// de-duplicate by event id.
/// </summary>
internal sealed class WebhookDeliveryService(
    IWebhookStore store,
    IServiceScopeFactory scopes,
    IOptions<WebhookOptions> options,
    TimeProvider time,
    ILogger<WebhookDeliveryService> logger) : BackgroundService
{
    private static readonly TimeSpan PurgeInterval = TimeSpan.FromHours(1);
    private static readonly TimeSpan ReleaseTimeout = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var nextPurge = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = settings.PollInterval;
            try
            {
                if (await RoundAsync(settings, stoppingToken) > 0)
                {
                    delay = TimeSpan.Zero;
                }

                if (time.GetUtcNow() >= nextPurge)
                {
                    await PurgeAsync(settings, stoppingToken);
                    nextPurge = time.GetUtcNow() + PurgeInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The loop must outlive any failure of one round (say, the database is unreachable).
            catch (Exception exception)
#pragma warning restore CA1031
            {
                WebhookLog.RoundFailed(logger, exception, settings.PollInterval);
            }

            if (delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>One event for each of up to <see cref="WebhookOptions.TenantsPerRound"/> tenants; how many were claimed.</summary>
    private async Task<int> RoundAsync(WebhookOptions settings, CancellationToken stoppingToken)
    {
        var deliveries = await store.ClaimDueDeliveriesAsync(time.GetUtcNow(), settings.Lease, settings.TenantsPerRound, stoppingToken);
        if (deliveries.Count == 0)
        {
            return 0;
        }

        using var scope = scopes.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<WebhookClient>();
        await Task.WhenAll(deliveries.Select(d => DeliverAsync(client, d, settings, stoppingToken)));
        return deliveries.Count;
    }

    private async Task DeliverAsync(WebhookClient client, WebhookDelivery delivery, WebhookOptions settings, CancellationToken stoppingToken)
    {
        string? error;
        try
        {
            error = await client.SendAsync(delivery, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: hand the event back at once rather than leave it to the lease.
            using var release = new CancellationTokenSource(ReleaseTimeout);
            await store.RetryDeliveryAsync(delivery.OutboxId, time.GetUtcNow(), "the hub stopped during the attempt", release.Token);
            WebhookLog.Released(logger, delivery.TenantId, delivery.EventId);
            throw;
        }

        // The receiver has answered: record the outcome even if the hub is stopping now.
        var now = time.GetUtcNow();
        if (error is null)
        {
            await store.MarkDeliveredAsync(delivery.OutboxId, now, CancellationToken.None);
            WebhookLog.Delivered(logger, delivery.TenantId, delivery.EventId, delivery.EventType, delivery.Attempt);
        }
        else if (delivery.Attempt >= settings.MaxAttempts)
        {
            await store.AbandonDeliveryAsync(delivery.OutboxId, now, error, CancellationToken.None);
            WebhookLog.Abandoned(logger, delivery.TenantId, delivery.EventId, delivery.EventType, delivery.Attempt, error);
        }
        else
        {
            var retryDelay = settings.RetryDelay(delivery.Attempt);
            await store.RetryDeliveryAsync(delivery.OutboxId, now + retryDelay, error, CancellationToken.None);
            WebhookLog.AttemptFailed(logger, delivery.TenantId, delivery.EventId, delivery.Attempt, error, retryDelay);
        }
    }

    private async Task PurgeAsync(WebhookOptions settings, CancellationToken stoppingToken)
    {
        var purged = await store.PurgeWebhookOutboxAsync(time.GetUtcNow() - settings.Retention, stoppingToken);
        if (purged > 0)
        {
            WebhookLog.Purged(logger, purged, settings.Retention);
        }
    }
}
