namespace KefuHub.Server.Api.Easemob;

/// <summary>The body of <c>POST /api/tenant/{tenantId}/accessToken</c>; a <c>tenantId</c> in it is ignored (the path's counts).</summary>
public sealed record AccessTokenRequest(string? ClientId, string? SecretId);
