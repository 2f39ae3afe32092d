using KefuHub.Server.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Conversations;

/// <summary>Pushes events to the groups of visitors and agents, on whichever node their connections are.</summary>
public sealed class ConversationNotifier(IHubContext<VisitorHub> visitors, IHubContext<AgentHub> agents)
{
    public Task ToVisitorAsync(int tenantId, string visitorId, string eventName, object payload, CancellationToken cancellationToken) =>
        visitors.Clients.Group(HubGroups.Visitor(tenantId, visitorId)).SendAsync(eventName, payload, cancellationToken);

    public Task ToAgentAsync(int tenantId, string agentUserId, string eventName, object payload, CancellationToken cancellationToken) =>
        agents.Clients.Group(HubGroups.Agent(tenantId, agentUserId)).SendAsync(eventName, payload, cancellationToken);

    public Task ToTenantAgentsAsync(int tenantId, string eventName, object payload, CancellationToken cancellationToken) =>
        agents.Clients.Group(HubGroups.TenantAgents(tenantId)).SendAsync(eventName, payload, cancellationToken);

    /// <summary>A chat message goes to the visitor and to the agent serving the session, if any.</summary>
    public async Task MessageAsync(int tenantId, string visitorId, string? agentUserId, object message, CancellationToken cancellationToken)
    {
        await ToVisitorAsync(tenantId, visitorId, ClientEvents.Message, message, cancellationToken);
        if (agentUserId is not null)
        {
            await ToAgentAsync(tenantId, agentUserId, ClientEvents.Message, message, cancellationToken);
        }
    }
}
