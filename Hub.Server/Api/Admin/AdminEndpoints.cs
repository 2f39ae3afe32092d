using KefuHub.Server.Api.Robot;

namespace KefuHub.Server.Api.Admin;

/// <summary>The admin calls of CONTRACT.md's REST table, all under a tenant token with admin rights.</summary>
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
        return endpoints;
    }
}
