namespace KefuHub.Server.Api;

internal static class ApiRouteExtensions
{
    /// <summary>
    /// A route group of tenant calls that need a token of that tenant (API_002, API_003) and an
    /// administrator (API_006).
    /// </summary>
    public static RouteGroupBuilder MapAdminGroup(this IEndpointRouteBuilder endpoints, string prefix) =>
        endpoints.MapGroup(prefix)
            .AddEndpointFilter<TenantAccessFilter>()
            .AddEndpointFilter<AdminAccessFilter>();

    /// <summary>
    /// A route group of tenant calls that need a token of that tenant (API_002, API_003) of an agent of any
    /// role or a REST script (API_006 for visitors).
    /// </summary>
    public static RouteGroupBuilder MapAgentGroup(this IEndpointRouteBuilder endpoints, string prefix) =>
        endpoints.MapGroup(prefix)
            .AddEndpointFilter<TenantAccessFilter>()
            .AddEndpointFilter<AgentAccessFilter>();
}
