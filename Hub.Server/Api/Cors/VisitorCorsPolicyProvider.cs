using System.Globalization;
using KefuHub.Server.Conversations;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Cors.Infrastructure;

namespace KefuHub.Server.Api.Cors;

/// <summary>
/// CORS for the calls a widget makes from the business's own site (CONTRACT.md "Browsers on the
/// business's own site"): the tenant's <c>allowedOrigins</c>, any origin when the list is empty, never
/// credentials (tokens travel in headers or the query string). The tenant comes from the route
/// (<c>/api/tenants/{tenantId}/...</c>); on <c>/hubs/visitor</c> from the <c>tenantId</c> query the widget
/// adds, else from the token. A hub preflight that names no tenant is answered for any origin: the
/// negotiate and connect that follow carry the token, and both the CORS answer and
/// <see cref="AllowedOriginAuthorizationHandler"/> check its tenant's list.
/// </summary>
internal sealed class VisitorCorsPolicyProvider(TenantSettingsCache settings, ITenantStore tenants) : ICorsPolicyProvider
{
    public const string PolicyName = "kefu-visitor";

    private static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    public async Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        if (policyName != PolicyName)
        {
            return null;
        }

        var tenantId = await TenantOfAsync(context);
        if (tenantId is null)
        {
            return context.Request.Path.StartsWithSegments("/hubs/visitor", StringComparison.OrdinalIgnoreCase) && IsPreflight(context)
                ? Build(new CorsPolicyBuilder().AllowAnyOrigin())
                : null;
        }

        if (await tenants.GetTenantAsync(tenantId.Value, context.RequestAborted) is null)
        {
            return null;
        }

        var allowed = (await settings.GetAsync(tenantId.Value, context.RequestAborted)).AllowedOrigins;
        return Build(allowed.Count == 0 ? new CorsPolicyBuilder().AllowAnyOrigin() : new CorsPolicyBuilder().WithOrigins([.. allowed]));
    }

    private static CorsPolicy Build(CorsPolicyBuilder builder) =>
        builder.WithMethods("GET", "POST").AllowAnyHeader().DisallowCredentials().SetPreflightMaxAge(PreflightMaxAge).Build();

    private static bool IsPreflight(HttpContext context) =>
        HttpMethods.IsOptions(context.Request.Method) && context.Request.Headers.ContainsKey("Access-Control-Request-Method");

    private static async Task<int?> TenantOfAsync(HttpContext context)
    {
        var raw = context.GetRouteValue("tenantId") as string;
        if (raw is null && context.Request.Path.StartsWithSegments("/hubs/visitor", StringComparison.OrdinalIgnoreCase))
        {
            raw = context.Request.Query["tenantId"].ToString();
            if (raw.Length == 0 && !IsPreflight(context))
            {
                // CORS runs before authentication in the pipeline: read the token's tenant here.
                var result = await context.AuthenticateAsync(KefuAuthenticationDefaults.Scheme);
                return result.Succeeded && CallerIdentity.FromPrincipal(result.Principal) is { } caller ? caller.TenantId : null;
            }
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var tenantId) ? tenantId : null;
    }
}
