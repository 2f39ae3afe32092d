namespace KefuHub.Server.Api.Operator;

/// <summary>The new tenant's client credentials; <paramref name="SecretId"/> is shown this once (only its hash is kept).</summary>
public sealed record CreatedTenantView(int TenantId, string ClientId, string SecretId);
