using KefuHub.Server.Security;

namespace KefuHub.Server.Api;

/// <summary>
/// After <see cref="TenantAccessFilter"/>: lets through callers holding the endpoint's permission, <see cref="Permission.Admin"/>
/// unless its <see cref="RequiredPermission"/> metadata names another (client-credential tokens and administrators
/// hold all; agents with a custom role that role's); anyone else gets API_006.
/// </summary>
internal sealed class AdminAccessFilter(CallerPermissions permissions) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var required = http.GetEndpoint()?.Metadata.GetMetadata<RequiredPermission>()?.Permission ?? Permission.Admin;
        var held = await permissions.GetAsync(TenantAccessFilter.CallerOf(http), http.RequestAborted);
        return held.HasFlag(required) ? await next(context) : ApiError.NotAdmin.ToResult();
    }
}
