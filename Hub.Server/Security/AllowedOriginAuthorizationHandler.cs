using KefuHub.Server.Conversations;
using Microsoft.AspNetCore.Authorization;

namespace KefuHub.Server.Security;

/// <summary>
/// Checks <see cref="AllowedOriginRequirement"/> at the hub's negotiate and WebSocket upgrade. Callers
/// without an <c>Origin</c> header are not browsers, which is what the allow-list protects against.
/// </summary>
internal sealed class AllowedOriginAuthorizationHandler(TenantSettingsCache settings) : AuthorizationHandler<AllowedOriginRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, AllowedOriginRequirement requirement)
    {
        if (context.Resource is not HttpContext http || CallerIdentity.FromPrincipal(context.User) is not { } caller)
        {
            return;
        }

        var origin = http.Request.Headers.Origin.ToString();
        if (origin.Length == 0 || await settings.IsOriginAllowedAsync(caller.TenantId, origin, http.RequestAborted))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, $"Origin '{origin}' is not allowed for this tenant."));
        }
    }
}
