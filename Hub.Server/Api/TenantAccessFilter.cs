using System.Globalization;
using KefuHub.Server.Security;

namespace KefuHub.Server.Api;

/// <summary>
/// Requires a valid token (API_002) of the tenant in the route (API_003) and hands the caller to the
/// endpoint in <see cref="HttpContext.Items"/>: the tenant always comes from the token.
/// </summary>
internal sealed class TenantAccessFilter : IEndpointFilter
{
    private static readonly object CallerKey = new();

    public static CallerIdentity CallerOf(HttpContext context) => (CallerIdentity)context.Items[CallerKey]!;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (CallerIdentity.FromPrincipal(http.User) is not { } caller)
        {
            return ApiError.InvalidToken.ToResult();
        }

        if (!int.TryParse(http.GetRouteValue("tenantId") as string, NumberStyles.None, CultureInfo.InvariantCulture, out var tenantId) || tenantId != caller.TenantId)
        {
            return ApiError.WrongTenant.ToResult();
        }

        http.Items[CallerKey] = caller;
        return await next(context);
    }
}
