using KefuHub.Server.Api.Robot;

namespace KefuHub.Server.Api.Admin;

/// <summary>
/// The admin calls of CONTRACT.md's REST table under a tenant token with admin rights; the reads an agent's
/// workspace needs (summaries, queues, visitor tags, online agents) under any agent's token.
/// </summary>
internal static class AdminEndpoints
{
    public static IEndpointRouteBuilder Map(IEndpointRouteBuilder endpoints)
    {
        var tenant = endpoints.MapAdminGroup("/api/tenants/{tenantId:int}");
        tenant.MapLiveSessionEndpoints();
        tenant.MapQueueEndpoints();
        tenant.MapConfigurationEndpoints();
        tenant.MapSummaryEndpoints();
        tenant.MapVisitorTagEndpoints();
        tenant.MapDashboardEndpoints();
        tenant.MapWebhookEndpoints();
        tenant.MapRobotEndpoints();

        var agents = endpoints.MapAgentGroup("/api/tenants/{tenantId:int}");
        agents.MapSummaryReads();
        agents.MapQueueReads();
        agents.MapVisitorTagReads();
        agents.MapOnlineAgents();
        return endpoints;
    }
}
