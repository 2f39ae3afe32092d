namespace KefuHub.Server.Storage;

/// <summary>Where a tenant's events go, and the secret their signatures use.</summary>
public sealed record WebhookRecord(int TenantId, string Url, string Secret, DateTimeOffset UpdatedAt);
