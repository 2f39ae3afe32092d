using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api;

/// <summary>The REST calls visitors and agents need besides the hubs: sign-up, login, message catch-up.</summary>
internal static class SessionEndpoints
{
    private const int MaxNicknameLength = 100;

    public static RouteGroupBuilder MapSessionEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/visitors", CreateVisitorAsync).RequireRateLimiting(ApiRateLimits.SignUp);
        tenant.MapPost("/agents/token", LoginAgentAsync).RequireRateLimiting(ApiRateLimits.Login);
        tenant.MapGet("/sessions/{serviceSessionId}/messages", GetMessagesAsync).AddEndpointFilter<TenantAccessFilter>();
        return tenant;
    }

    private static async Task<IResult> CreateVisitorAsync(
        int tenantId,
        [FromBody] CreateVisitorRequest? request,
        HttpContext http,
        ITenantStore tenants,
        TenantSettingsCache settings,
        TokenIssuer issuer,
        CancellationToken cancellationToken)
    {
        if (request?.Nickname?.Length > MaxNicknameLength)
        {
            return ApiError.InvalidParameter.WithDescription($"nickname is at most {MaxNicknameLength} characters.").ToResult();
        }

        if (await tenants.GetTenantAsync(tenantId, cancellationToken) is not { Enabled: true })
        {
            return ApiError.WrongTenant.ToResult();
        }

        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !await settings.IsOriginAllowedAsync(tenantId, origin, cancellationToken))
        {
            return ApiError.WrongTenant.WithDescription($"origin '{origin}' is not allowed for this tenant").ToResult();
        }

        var (visitorId, token) = await issuer.IssueVisitorAsync(tenantId, request?.Nickname, cancellationToken);
        return ApiResponse.Entity(new CreateVisitorResponse(visitorId, token));
    }

    private static async Task<IResult> LoginAgentAsync(int tenantId, [FromBody] AgentLoginRequest? request, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.Username) || string.IsNullOrEmpty(request.Password))
        {
            return ApiError.InvalidParameter.WithDescription("username and password are required.").ToResult();
        }

        var token = await issuer.LoginAgentAsync(tenantId, request.Username, request.Password, cancellationToken);
        return token is null
            ? ApiError.BadAgentCredentials.ToResult()
            : ApiResponse.Entity(new AccessTokenResponse(token, (int)TokenIssuer.AccessTokenLifetime.TotalSeconds));
    }

    private static async Task<IResult> GetMessagesAsync(
        string serviceSessionId,
        HttpContext http,
        ConversationService conversations,
        CancellationToken cancellationToken,
        long afterSeq = 0,
        int size = 100)
    {
        try
        {
            var messages = await conversations.GetMessagesAsync(TenantAccessFilter.CallerOf(http), new GetMessagesRequest(serviceSessionId, afterSeq, size), cancellationToken);
            return ApiResponse.Entities(messages);
        }
        catch (ConversationException ex)
        {
            return (ex.Error == ConversationError.NotFound ? ApiError.SessionNotFound : ApiError.InvalidParameter).WithDescription(ex.Message).ToResult();
        }
    }
}
