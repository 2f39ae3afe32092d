namespace KefuHub.Server.Api.Operator;

public sealed record TenantView(int TenantId, string Name, bool Enabled, string ClientId, DateTimeOffset CreateDatetime);
