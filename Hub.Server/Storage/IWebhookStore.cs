namespace KefuHub.Server.Storage;

/// <summary>
/// The tenant's webhook and its outbox. Events enter the outbox in the transaction of the change they
/// describe (session, message and leave-message writes of the other ports), only while the tenant has a webhook.
/// </summary>
public interface IWebhookStore
{
    ValueTask<WebhookRecord?> GetWebhookAsync(int tenantId, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the tenant's webhook; undelivered events go to the new address.</summary>
    ValueTask SaveWebhookAsync(WebhookRecord webhook, CancellationToken cancellationToken);

    /// <summary>Removes the webhook and discards its undelivered events; false when there was none.</summary>
    ValueTask<bool> DeleteWebhookAsync(int tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Claims, for at most <paramref name="max"/> tenants, the oldest undelivered event when it is due:
    /// counts the attempt and holds the event for <paramref name="lease"/>, so that another node (or this
    /// one after a crash) retries it only once the lease is over. A tenant's later events wait for it.
    /// </summary>
    ValueTask<IReadOnlyList<WebhookDelivery>> ClaimDueDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken);

    ValueTask MarkDeliveredAsync(long outboxId, DateTimeOffset deliveredAt, CancellationToken cancellationToken);

    /// <summary>The attempt failed: try again at <paramref name="nextAttemptAt"/>.</summary>
    ValueTask RetryDeliveryAsync(long outboxId, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken);

    /// <summary>The last attempt failed: the event is kept with its error and the tenant's next event goes.</summary>
    ValueTask AbandonDeliveryAsync(long outboxId, DateTimeOffset failedAt, string error, CancellationToken cancellationToken);

    /// <summary>Deletes delivered and abandoned events created before <paramref name="before"/>.</summary>
    ValueTask<int> PurgeWebhookOutboxAsync(DateTimeOffset before, CancellationToken cancellationToken);
}
