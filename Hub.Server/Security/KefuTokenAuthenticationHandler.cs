using System.Security.Claims;
using System.Text.Encodings.Web;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace KefuHub.Server.Security;

/// <summary>
/// Authenticates the opaque tokens the hub issues: from <c>Authorization: Bearer</c>, the
/// <c>Kefu-Token</c> header, or (hub paths only, for browser WebSockets) the <c>access_token</c> query.
/// A token is looked up by its hash; expired tokens and tokens of disabled agents fail.
/// </summary>
internal sealed class KefuTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ITokenStore tokens,
    IAgentStore agents,
    TokenIssuer issuer,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken(Request);
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        var record = await tokens.FindTokenAsync(SecretHasher.HashToken(token), Context.RequestAborted);
        if (record is null || record.ExpiresAt <= time.GetUtcNow())
        {
            return AuthenticateResult.Fail("The token is invalid or expired.");
        }

        if (record.Kind == TokenKind.Agent &&
            await agents.GetAgentAsync(record.TenantId, record.SubjectId, Context.RequestAborted) is not { Enabled: true })
        {
            return AuthenticateResult.Fail("The agent is disabled or no longer exists.");
        }

        await issuer.SlideVisitorTokenAsync(record, Context.RequestAborted);
        var caller = new CallerIdentity(record.TenantId, record.Kind, record.SubjectId);
        var principal = new ClaimsPrincipal(new ClaimsIdentity(caller.ToClaims().Append(new Claim(KefuClaimTypes.TokenHash, record.TokenHash)), Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    private static string? ReadToken(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization["Bearer ".Length..].Trim();
        }

        if (request.Headers.TryGetValue(KefuAuthenticationDefaults.KefuTokenHeader, out var kefuToken))
        {
            return kefuToken.ToString();
        }

        return request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase)
            ? request.Query[KefuAuthenticationDefaults.AccessTokenQuery].ToString()
            : null;
    }
}
