using KefuHub.Server.Security;

namespace KefuHub.Server.Api.Easemob;

/// <summary>Easemob's <c>POST /api/tenant/{tenantId}/accessToken</c> (singular <c>tenant</c>, as in the doc).</summary>
internal static class EasemobTokenEndpoint
{
    private const int MaxCredentialLength = 200;

    public static IEndpointRouteBuilder MapEasemobAccessToken(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/tenant/{tenantId:int}/accessToken", IssueAsync)
            .RequireRateLimiting(ApiRateLimits.Login)
            .WithName("IssueAccessToken")
            .Accepts<AccessTokenRequest>("application/json")
            .Produces<AccessTokenResponse>()
            .Produces<ApiErrorBody>(StatusCodes.Status401Unauthorized);
        return endpoints;
    }

    private static async Task<IResult> IssueAsync(int tenantId, HttpRequest request, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        var (body, invalid) = await EasemobBody.ReadAsync<AccessTokenRequest>(request, cancellationToken);
        if (body is null)
        {
            return invalid!;
        }

        if (string.IsNullOrEmpty(body.ClientId) || string.IsNullOrEmpty(body.SecretId))
        {
            return ApiError.InvalidParameter.WithDescription("clientId and secretId are required.").ToResult();
        }

        if (body.ClientId.Length > MaxCredentialLength || body.SecretId.Length > MaxCredentialLength)
        {
            return ApiError.BadClientCredentials.ToResult();
        }

        var token = await issuer.IssueClientAsync(tenantId, body.ClientId, body.SecretId, cancellationToken);
        return token is null
            ? ApiError.BadClientCredentials.ToResult()
            : ApiResponse.Entity(new AccessTokenResponse(token, (int)TokenIssuer.AccessTokenLifetime.TotalSeconds));
    }
}
