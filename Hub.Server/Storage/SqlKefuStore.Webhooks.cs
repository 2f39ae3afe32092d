using Dapper;

namespace KefuHub.Server.Storage;

// The webhook of a tenant and the delivery side of its outbox; SqlKefuStore.WebhookEvents.cs fills it.
internal sealed partial class SqlKefuStore : IWebhookStore
{
    private const string Pending = "delivered_at IS NULL AND failed_at IS NULL";

    public ValueTask<WebhookRecord?> GetWebhookAsync(int tenantId, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => QueryFirstOrDefaultAsync(
                connection,
                Command("SELECT tenant_id, url, secret, updated_at FROM webhooks WHERE tenant_id = @tenantId", new { tenantId }, null, cancellationToken),
                reader => new WebhookRecord(reader.Int32("tenant_id"), reader.String("url"), reader.String("secret"), reader.Time("updated_at"))),
            cancellationToken);

    public async ValueTask SaveWebhookAsync(WebhookRecord webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                """
                INSERT INTO webhooks (tenant_id, url, secret, updated_at) VALUES (@TenantId, @Url, @Secret, @updatedAt)
                ON CONFLICT (tenant_id) DO UPDATE SET url = excluded.url, secret = excluded.secret, updated_at = excluded.updated_at
                """,
                new { webhook.TenantId, webhook.Url, webhook.Secret, updatedAt = Millis(webhook.UpdatedAt) },
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> DeleteWebhookAsync(int tenantId, CancellationToken cancellationToken)
    {
        var deleted = await WriteAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync(Command(
                    $"DELETE FROM webhook_outbox WHERE tenant_id = @tenantId AND {Pending}", new { tenantId }, transaction, cancellationToken)).ConfigureAwait(false);
                return await connection.ExecuteAsync(Command(
                    "DELETE FROM webhooks WHERE tenant_id = @tenantId", new { tenantId }, transaction, cancellationToken)).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return deleted == 1;
    }

    public ValueTask<IReadOnlyList<WebhookDelivery>> ClaimDueDeliveriesAsync(DateTimeOffset now, TimeSpan lease, int max, CancellationToken cancellationToken) =>
        WriteAsync<IReadOnlyList<WebhookDelivery>>(
            async (connection, transaction) =>
            {
                var heads = await QueryAsync(
                    connection,
                    Command(
                        $"""
                        SELECT o.outbox_id, o.tenant_id, o.event_id, o.event_type, o.payload, o.attempts, w.url, w.secret
                        FROM webhook_outbox o JOIN webhooks w ON w.tenant_id = o.tenant_id
                        WHERE o.delivered_at IS NULL AND o.failed_at IS NULL
                          AND o.outbox_id = (SELECT MIN(p.outbox_id) FROM webhook_outbox p WHERE p.tenant_id = o.tenant_id AND p.delivered_at IS NULL AND p.failed_at IS NULL)
                          AND o.next_attempt_at <= @now
                        ORDER BY o.outbox_id
                        LIMIT @max
                        """,
                        new { now = Millis(now), max },
                        transaction,
                        cancellationToken),
                    reader => new WebhookDelivery(
                        reader.Int64("outbox_id"),
                        reader.Int32("tenant_id"),
                        reader.String("event_id"),
                        reader.String("event_type"),
                        reader.String("payload"),
                        reader.Int32("attempts") + 1,
                        reader.String("url"),
                        reader.String("secret"))).ConfigureAwait(false);
                var claimed = new List<WebhookDelivery>(heads.Count);
                foreach (var head in heads)
                {
                    // Another node may have claimed it since the read: its row lock makes this update find nothing.
                    var updated = await connection.ExecuteAsync(Command(
                        $"""
                        UPDATE webhook_outbox SET attempts = attempts + 1, next_attempt_at = @leaseEnd
                        WHERE outbox_id = @OutboxId AND next_attempt_at <= @now AND {Pending}
                        """,
                        new { head.OutboxId, now = Millis(now), leaseEnd = Millis(now + lease) },
                        transaction,
                        cancellationToken)).ConfigureAwait(false);
                    if (updated == 1)
                    {
                        claimed.Add(head);
                    }
                }

                return claimed;
            },
            cancellationToken);

    public async ValueTask MarkDeliveredAsync(long outboxId, DateTimeOffset deliveredAt, CancellationToken cancellationToken) =>
        await UpdateOutboxAsync(
            "UPDATE webhook_outbox SET delivered_at = @at, last_error = NULL WHERE outbox_id = @outboxId",
            new { outboxId, at = Millis(deliveredAt) },
            cancellationToken).ConfigureAwait(false);

    public async ValueTask RetryDeliveryAsync(long outboxId, DateTimeOffset nextAttemptAt, string error, CancellationToken cancellationToken) =>
        await UpdateOutboxAsync(
            "UPDATE webhook_outbox SET next_attempt_at = @at, last_error = @error WHERE outbox_id = @outboxId",
            new { outboxId, at = Millis(nextAttemptAt), error },
            cancellationToken).ConfigureAwait(false);

    public async ValueTask AbandonDeliveryAsync(long outboxId, DateTimeOffset failedAt, string error, CancellationToken cancellationToken) =>
        await UpdateOutboxAsync(
            "UPDATE webhook_outbox SET failed_at = @at, last_error = @error WHERE outbox_id = @outboxId",
            new { outboxId, at = Millis(failedAt), error },
            cancellationToken).ConfigureAwait(false);

    public ValueTask<int> PurgeWebhookOutboxAsync(DateTimeOffset before, CancellationToken cancellationToken) =>
        UpdateOutboxAsync(
            "DELETE FROM webhook_outbox WHERE (delivered_at IS NOT NULL OR failed_at IS NOT NULL) AND created_at < @before",
            new { before = Millis(before) },
            cancellationToken);

    private ValueTask<int> UpdateOutboxAsync(string sql, object parameters, CancellationToken cancellationToken) =>
        WriteAsync((connection, transaction) => connection.ExecuteAsync(Command(sql, parameters, transaction, cancellationToken)), cancellationToken);
}
