using KefuHub.Server.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Conversations;

/// <summary>Pushes events to the groups of visitors and agents, on whichever node their connections are.</summary>
public sealed partial class ConversationNotifier(IHubContext<VisitorHub> visitors, IHubContext<AgentHub> agents, ILogger<ConversationNotifier> logger)
{
    public Task ToVisitorAsync(int tenantId, string visitorId, string eventName, object payload, CancellationToken cancellationToken) =>
        visitors.Clients.Group(HubGroups.Visitor(tenantId, visitorId)).SendAsync(eventName, payload, cancellationToken);

    public Task ToAgentAsync(int tenantId, string agentUserId, string eventName, object payload, CancellationToken cancellationToken) =>
        agents.Clients.Group(HubGroups.Agent(tenantId, agentUserId)).SendAsync(eventName, payload, cancellationToken);

    public Task ToTenantAgentsAsync(int tenantId, string eventName, object payload, CancellationToken cancellationToken) =>
        agents.Clients.Group(HubGroups.TenantAgents(tenantId)).SendAsync(eventName, payload, cancellationToken);

    /// <summary>
    /// A chat message goes to the visitor and to the agent serving the session, if any, at once: through the
    /// backplane each push is a Redis round trip, and the sender's acknowledgement waits for both. It is stored
    /// already, so a push that fails (the backplane cannot reach Redis) is a lost push like any other:
    /// logged, and the sender still gets its seq; clients fill the gap with <c>GetMessages</c>.
    /// </summary>
    public Task MessageAsync(int tenantId, string visitorId, string? agentUserId, object message, CancellationToken cancellationToken)
    {
        var toVisitor = PushAsync(() => ToVisitorAsync(tenantId, visitorId, ClientEvents.Message, message, cancellationToken), tenantId);
        return agentUserId is null
            ? toVisitor
            : Task.WhenAll(toVisitor, PushAsync(() => ToAgentAsync(tenantId, agentUserId, ClientEvents.Message, message, cancellationToken), tenantId));
    }

    /// <summary>A stored chat message to one more agent (one that took the session while it was being stored).</summary>
    public Task MessageToAgentAsync(int tenantId, string agentUserId, object message, CancellationToken cancellationToken) =>
        PushAsync(() => ToAgentAsync(tenantId, agentUserId, ClientEvents.Message, message, cancellationToken), tenantId);

    private async Task PushAsync(Func<Task> push, int tenantId)
    {
        try
        {
            await push();
        }
#pragma warning disable CA1031 // Whatever the backplane throws, the message is stored: the push is only lost.
        catch (Exception exception) when (exception is not OperationCanceledException)
#pragma warning restore CA1031
        {
            LogPushFailed(logger, tenantId, exception);
        }
    }

    [LoggerMessage(3006, LogLevel.Warning, "Tenant {TenantId}: pushing a stored message failed; clients fill the gap with GetMessages.", EventName = "MessagePushFailed")]
    private static partial void LogPushFailed(ILogger logger, int tenantId, Exception exception);
}
