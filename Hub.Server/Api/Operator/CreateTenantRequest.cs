namespace KefuHub.Server.Api.Operator;

public sealed record CreateTenantRequest(string? Name, string? AdminUsername, string? AdminPassword);
