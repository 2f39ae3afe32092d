using KefuHub.Server.Storage;

namespace KefuHub.Server.Api;

/// <summary>
/// After <see cref="TenantAccessFilter"/>: lets through REST scripts (client-credential tokens) and agents
/// with the admin role; anyone else gets API_006.
/// </summary>
internal sealed class AdminAccessFilter(IAgentStore agents) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var caller = TenantAccessFilter.CallerOf(context.HttpContext);
        var allowed = caller.Kind switch
        {
            TokenKind.Api => true,
            TokenKind.Agent => (await agents.GetAgentAsync(caller.TenantId, caller.SubjectId, context.HttpContext.RequestAborted))?.IsAdmin == true,
            _ => false,
        };
        return allowed ? await next(context) : ApiError.NotAdmin.ToResult();
    }
}
