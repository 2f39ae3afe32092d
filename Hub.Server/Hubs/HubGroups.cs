using System.Globalization;

namespace KefuHub.Server.Hubs;

/// <summary>
/// SignalR groups the server pushes to. Every connection of a visitor or agent joins its own group, so
/// pushes reach all of its tabs and, with a backplane, connections on other nodes.
/// </summary>
internal static class HubGroups
{
    public static string Visitor(int tenantId, string visitorId) => string.Create(CultureInfo.InvariantCulture, $"v:{tenantId}:{visitorId}");

    public static string Agent(int tenantId, string agentUserId) => string.Create(CultureInfo.InvariantCulture, $"a:{tenantId}:{agentUserId}");

    /// <summary>Every connected agent of a tenant.</summary>
    public static string TenantAgents(int tenantId) => string.Create(CultureInfo.InvariantCulture, $"t:{tenantId}:agents");
}
