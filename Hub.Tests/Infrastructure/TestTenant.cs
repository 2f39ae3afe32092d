namespace KefuHub.Tests.Infrastructure;

/// <summary>A tenant made through the operator API, with its client credentials.</summary>
public sealed record TestTenant(int TenantId, string ClientId, string SecretId);
