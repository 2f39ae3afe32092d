namespace KefuHub.Server.Webhooks;

internal static partial class WebhookLog
{
    [LoggerMessage(5001, LogLevel.Debug, "Tenant {TenantId}: webhook event {EventId} ({EventType}) delivered on attempt {Attempt}.", EventName = "WebhookDelivered")]
    public static partial void Delivered(ILogger logger, int tenantId, string eventId, string eventType, int attempt);

    [LoggerMessage(5002, LogLevel.Warning, "Tenant {TenantId}: webhook event {EventId} attempt {Attempt} failed ({Error}); next attempt in {RetryDelay}.", EventName = "WebhookAttemptFailed")]
    public static partial void AttemptFailed(ILogger logger, int tenantId, string eventId, int attempt, string error, TimeSpan retryDelay);

    [LoggerMessage(5003, LogLevel.Error, "Tenant {TenantId}: webhook event {EventId} ({EventType}) abandoned after {Attempt} attempts; last error: {Error}.", EventName = "WebhookAbandoned")]
    public static partial void Abandoned(ILogger logger, int tenantId, string eventId, string eventType, int attempt, string error);

    [LoggerMessage(5004, LogLevel.Error, "Webhook delivery round failed; retrying in {Delay}.", EventName = "WebhookRoundFailed")]
    public static partial void RoundFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(5005, LogLevel.Information, "Webhook outbox: purged {Count} delivered or abandoned events older than {Retention}.", EventName = "WebhookOutboxPurged")]
    public static partial void Purged(ILogger logger, int count, TimeSpan retention);

    [LoggerMessage(5006, LogLevel.Debug, "Tenant {TenantId}: webhook event {EventId} released for a later attempt: the hub is stopping.", EventName = "WebhookReleased")]
    public static partial void Released(ILogger logger, int tenantId, string eventId);
}
