using KefuHub.Server.Api.Easemob;
using KefuHub.Server.Api.Visitors;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs;
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

    /// <summary>
    /// Signs a visitor up: a new anonymous visitor, or with a valid <c>userId</c> + <c>userHash</c> that user's
    /// visitor (created on first use) with a new token. The profile, the page and the user agent are recorded.
    /// </summary>
    private static async Task<IResult> CreateVisitorAsync(
        int tenantId,
        HttpContext http,
        ITenantStore tenants,
        IVisitorStore visitors,
        VisitorSightings sightings,
        TenantSettingsCache settings,
        TokenIssuer issuer,
        TimeProvider time,
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

        if ((VisitorProfiles.Validate(request.Profile) ?? VisitorProfiles.Validate(request.Source)) is { } badProfile)
        {
            return ApiError.InvalidParameter.WithDescription(badProfile).ToResult();
        }

        if (request?.UserId is not null && (string.IsNullOrWhiteSpace(request.UserId) || request.UserId.Length > VisitorProfiles.MaxUserIdLength || string.IsNullOrEmpty(request.UserHash)))
        {
            return ApiError.InvalidParameter.WithDescription($"userId (1 to {VisitorProfiles.MaxUserIdLength} characters) needs its userHash.").ToResult();
        }

        if (await tenants.GetTenantAsync(tenantId, cancellationToken) is not { Enabled: true })
        {
            return ApiError.WrongTenant.ToResult();
        }

        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length > 0 && !await settings.IsOriginAllowedAsync(tenantId, origin, cancellationToken))
        {
            return ApiError.WrongTenant.WithDescription($"origin '{ClientText.Quote(origin)}' is not allowed for this tenant").ToResult();
        }

        var now = time.GetUtcNow();
        var referer = http.Request.Headers.Referer.ToString();
        var userAgent = http.Request.Headers.UserAgent.ToString();
        var fresh = VisitorProfiles.Apply(
            new VisitorRecord
            {
                TenantId = tenantId,
                VisitorId = Guid.NewGuid().ToString(),
                UserId = request?.UserId,
                Nickname = request?.Nickname,
                SourcePage = request?.Source?.Page is { Length: > 0 } page ? page : referer.Length is > 0 and <= VisitorProfiles.MaxUrlLength && VisitorProfiles.IsWebUrl(referer) ? referer : null,
                Referrer = request?.Source?.Referrer is { Length: > 0 } referrer ? referrer : null,
                UserAgent = userAgent.Length == 0 ? null : userAgent[..Math.Min(userAgent.Length, VisitorProfiles.MaxUserAgentLength)],
                CreatedAt = now,
                LastSeenAt = now,
            },
            request?.Profile);

        string visitorId;
        if (request?.UserId is { } userId)
        {
            var secret = (await settings.GetAsync(tenantId, cancellationToken)).IdentitySecret;
            if (secret is null || !VisitorProfiles.IsValidUserHash(secret, userId, request.UserHash!))
            {
                return ApiError.BadUserHash.ToResult();
            }

            var known = await visitors.FindOrCreateVisitorByUserIdAsync(fresh, cancellationToken);
            visitorId = known.VisitorId;
            if (known.VisitorId != fresh.VisitorId)
            {
                // A returning customer: the host page's profile updates the one kept; where it comes from now is not its origin.
                if (request.Profile is not null || request.Nickname is not null)
                {
                    var updated = VisitorProfiles.Apply(known, request.Profile);
                    await visitors.UpdateVisitorProfileAsync(request.Profile?.Nickname is null && request.Nickname is not null ? updated with { Nickname = request.Nickname } : updated, cancellationToken);
                }

                sightings.Record(tenantId, visitorId);
            }
        }
        else
        {
            await visitors.CreateVisitorAsync(fresh, cancellationToken);
            visitorId = fresh.VisitorId;
        }

        var token = await issuer.IssueVisitorTokenAsync(tenantId, visitorId, cancellationToken);
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
    /// or an administrator. Its hub connections close at once on every node (a node that missed the signal closes
    /// them at their next call, <see cref="TokenStatusCache"/>).
    /// </summary>
    private static async Task<IResult> RevokeVisitorTokensAsync(
        string visitorId,
        HttpContext http,
        CallerPermissions permissions,
        TokenIssuer issuer,
        TenantConnectionRegistry connections,
        CancellationToken cancellationToken)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        var allowed = caller.Kind switch
        {
            TokenKind.Visitor => caller.SubjectId == visitorId,
            TokenKind.Agent => (await permissions.GetAsync(caller, cancellationToken)).HasFlag(Permission.Admin),
            _ => true,
        };
        if (!allowed)
        {
            return caller.Kind == TokenKind.Visitor ? ApiError.VisitorNotFound.ToResult() : ApiError.NotAdmin.ToResult();
        }

        var revoked = await issuer.RevokeVisitorAsync(caller.TenantId, visitorId, cancellationToken);
        connections.AbortVisitor(caller.TenantId, visitorId);
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
