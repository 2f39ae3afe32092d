namespace KefuHub.Server.Api.Operator;

public sealed record TenantEnabledRequest(bool? Enabled);
