using KefuHub.Server.Api.Easemob;
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
        tenant.MapPost("/visitors", CreateVisitorAsync).RequireRateLimiting(ApiRateLimits.SignUp).Accepts<CreateVisitorRequest>("application/json").RequireCors(Cors.VisitorCorsPolicyProvider.PolicyName);
        tenant.MapPost("/agents/token", LoginAgentAsync).RequireRateLimiting(ApiRateLimits.Login);
        tenant.MapGet("/sessions/{serviceSessionId}/messages", GetMessagesAsync).AddEndpointFilter<TenantAccessFilter>();
        tenant.MapDelete("/visitors/{visitorId}/tokens", RevokeVisitorTokensAsync).AddEndpointFilter<TenantAccessFilter>();
        return tenant;
    }

    private static async Task<IResult> CreateVisitorAsync(
        int tenantId,
        HttpContext http,
        ITenantStore tenants,
        TenantSettingsCache settings,
        TokenIssuer issuer,
        CancellationToken cancellationToken)
    {
        // No body at all is an anonymous visitor; a body must be a JSON object (not null, not an array).
        var request = new CreateVisitorRequest();
        if (http.Request.ContentLength is not 0)
        {
            var (body, invalid) = await EasemobBody.ReadAsync<CreateVisitorRequest>(http.Request, cancellationToken);
            if (body is null)
            {
                return invalid!;
            }

            request = body;
        }

        if (VisibleText.IsLongerThan(request.Nickname, MaxNicknameLength))
        {
            return ApiError.InvalidParameter.WithDescription($"nickname is at most {MaxNicknameLength} characters.").ToResult();
        }

        if (await tenants.GetTenantAsync(tenantId, cancellationToken) is null)
        {
            return ApiError.WrongTenant.ToResult();
        }

        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !await settings.IsOriginAllowedAsync(tenantId, origin, cancellationToken))
        {
            return ApiError.WrongTenant.WithDescription($"origin '{ClientText.Quote(origin)}' is not allowed for this tenant").ToResult();
        }

        var (visitorId, token) = await issuer.IssueVisitorAsync(tenantId, request.Nickname, cancellationToken);
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

    /// <summary>
    /// Revokes every token of a visitor: the visitor itself (signing out, or a token it fears was copied)
    /// or an administrator. Connections open with them stay until they next connect.
    /// </summary>
    private static async Task<IResult> RevokeVisitorTokensAsync(string visitorId, HttpContext http, IAgentStore agents, TokenIssuer issuer, CancellationToken cancellationToken)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        var allowed = caller.Kind switch
        {
            TokenKind.Visitor => caller.SubjectId == visitorId,
            TokenKind.Agent => (await agents.GetAgentAsync(caller.TenantId, caller.SubjectId, cancellationToken))?.IsAdmin == true,
            _ => true,
        };
        if (!allowed)
        {
            return caller.Kind == TokenKind.Visitor ? ApiError.VisitorNotFound.ToResult() : ApiError.NotAdmin.ToResult();
        }

        var revoked = await issuer.RevokeVisitorAsync(caller.TenantId, visitorId, cancellationToken);
        return revoked == 0 ? ApiError.VisitorNotFound.ToResult() : ApiResponse.Entity(new RevokedTokensView(revoked));
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
