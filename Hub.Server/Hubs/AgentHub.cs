using KefuHub.Routing;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Hubs;

/// <summary><c>/hubs/agent</c>: the agent workspace's connection; its presence drives rule 7.</summary>
[Authorize(Policy = KefuAuthenticationDefaults.AgentPolicy)]
public sealed class AgentHub(ConversationService conversations, RoutingEngine engine, AgentConnectionRegistry registry, AgentDirectory directory) : ConversationHub(conversations)
{
    public override async Task OnConnectedAsync()
    {
        var caller = Caller;

        // Registered before the check, so that an agent disabled meanwhile is either seen here or aborted by the disable.
        registry.Add(caller.TenantId, caller.SubjectId, Context);
        var routed = false;
        try
        {
            if (await directory.GetAsync(caller.TenantId, caller.SubjectId, Context.ConnectionAborted) is not { Enabled: true })
            {
                Context.Abort();
                return;
            }

            await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Agent(caller.TenantId, caller.SubjectId), Context.ConnectionAborted);
            await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.TenantAgents(caller.TenantId), Context.ConnectionAborted);
            routed = true;
            var decision = await engine.AgentConnectedAsync(caller.TenantId, caller.SubjectId, Context.ConnectionId, Context.ConnectionAborted);
            if (!decision.Succeeded)
            {
                throw new HubException("This agent cannot receive sessions: it is unknown to routing.");
            }
        }
        catch
        {
            // SignalR never calls OnDisconnectedAsync for a connection whose OnConnectedAsync threw: undo here,
            // or routing would count the connection for ever and the agent never turn Offline.
            registry.Remove(caller.TenantId, caller.SubjectId, Context.ConnectionId);
            if (routed)
            {
                await engine.AgentDisconnectedAsync(caller.TenantId, caller.SubjectId, Context.ConnectionId, CancellationToken.None);
            }

            throw;
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var caller = Caller;
        registry.Remove(caller.TenantId, caller.SubjectId, Context.ConnectionId);
        await engine.AgentDisconnectedAsync(caller.TenantId, caller.SubjectId, Context.ConnectionId, CancellationToken.None);
    }

    public async Task SetState(SetStateRequest request) =>
        await Conversations.SetStateAsync(Caller, request, Context.ConnectionAborted);

    public async Task<WorkspaceResult> GetWorkspace() =>
        await Conversations.GetWorkspaceAsync(Caller, Context.ConnectionAborted);

    public async Task<SessionView> Pick(SessionRequest request) =>
        await Conversations.PickAsync(Caller, request, Context.ConnectionAborted);

    public async Task Transfer(TransferRequest request) =>
        await Conversations.TransferAsync(Caller, request, Context.ConnectionAborted);

    public async Task Close(CloseRequest request) =>
        await Conversations.CloseAsync(Caller, request, Context.ConnectionAborted);

    public async Task InviteRating(SessionRequest request) =>
        await Conversations.InviteRatingAsync(Caller, request, Context.ConnectionAborted);
}
