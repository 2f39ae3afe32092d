using System.Text.Json;

namespace KefuHub.Server.Webhooks;

/// <summary>The body of every webhook POST.</summary>
/// <param name="EventId">Unique per event and the same on every retry: receivers de-duplicate by it.</param>
/// <param name="Type">A <see cref="WebhookEventType"/> name.</param>
/// <param name="Data">A <see cref="SessionEventData"/>, <see cref="MessageEventData"/> or <see cref="Hubs.Contracts.LeaveMessageView"/>.</param>
public sealed record WebhookEnvelope(string EventId, string Type, int TenantId, DateTimeOffset CreateDatetime, JsonElement Data);
