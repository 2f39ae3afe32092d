namespace KefuHub.Server.Storage;

/// <summary>An outbox event claimed for one delivery attempt, with the tenant's webhook as it is now.</summary>
/// <param name="Attempt">This attempt's number, from 1.</param>
/// <param name="Payload">The JSON body, exactly as signed and sent.</param>
public sealed record WebhookDelivery(long OutboxId, int TenantId, string EventId, string EventType, string Payload, int Attempt, string Url, string Secret);
