using KefuHub.Server.Storage;

namespace KefuHub.Server.Api;

/// <summary>
/// After <see cref="TenantAccessFilter"/>: lets through every agent of the tenant (whatever its role) and REST
/// scripts; visitors get API_006. For what the workspace reads to do its work: summaries, queues, who is online.
/// </summary>
internal sealed class AgentAccessFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        TenantAccessFilter.CallerOf(context.HttpContext).Kind is TokenKind.Agent or TokenKind.Api
            ? await next(context)
            : ApiError.NotAdmin.WithDescription("this call needs an agent, administrator or client credentials token").ToResult();
}
