using KefuHub.Server.Api.Agents;
using KefuHub.Server.Api.Visitors;

namespace KefuHub.Server.Api;

/// <summary>
/// Tenant calls open to any token of the tenant (visitor, agent, administrator, client credentials); each call
/// checks what its caller may do.
/// </summary>
internal static class TenantCallerEndpoints
{
    public static IEndpointRouteBuilder MapTenantCallerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup("/api/tenants/{tenantId:int}")
            .AddEndpointFilter<TenantAccessFilter>()
            .MapVisitorEndpoints()
            .MapSessionMessageEndpoints()
            .MapAgentSelfEndpoints()
            .MapQuickReplyEndpoints()
            .MapLeaveMessageEndpoints();
        return endpoints;
    }
}
