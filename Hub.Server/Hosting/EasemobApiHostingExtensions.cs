using KefuHub.Server.Api;
using KefuHub.Server.Api.Easemob;
using KefuHub.Server.Hubs;
using KefuHub.Server.Storage;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The Easemob Kefu compatible calls of seed 001: access token, agent management, session history.</summary>
internal static class EasemobApiHostingExtensions
{
    public static IServiceCollection AddEasemobApi(this IServiceCollection services)
    {
        services.AddSingleton<IAgentSearchStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.AddSingleton<ISessionHistoryStore>(sp => sp.GetRequiredService<SqlKefuStore>());
        services.AddSingleton<AgentConnectionRegistry>();
        services.AddSingleton<AgentAccountService>();
        services.AddSingleton<TenantClock>();
        return services;
    }

    public static IEndpointRouteBuilder MapEasemobApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapEasemobAccessToken();
        endpoints.MapAdminGroup("/api/tenants/{tenantId:int}")
            .MapEasemobAgents()
            .MapRoleEndpoints()
            .WithTags("Easemob");
        // Agents read their own sessions too (isAgent=true): the endpoint checks the caller's permission.
        endpoints.MapGroup("/api/tenants/{tenantId:int}")
            .AddEndpointFilter<TenantAccessFilter>()
            .MapEasemobHistory()
            .WithTags("Easemob");
        return endpoints;
    }
}
