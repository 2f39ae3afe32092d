using KefuHub.Routing;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Hubs;

/// <summary><c>/hubs/agent</c>: the agent workspace's connection; its presence drives rule 7.</summary>
[Authorize(Policy = KefuAuthenticationDefaults.AgentPolicy)]
public sealed class AgentHub(ConversationService conversations, RoutingEngine engine, AgentConnectionRegistry registry, AgentDirectory directory) : Hub
{
    private CallerIdentity Caller => CallerIdentity.FromPrincipal(Context.User) ?? throw new HubException("Not authenticated.");

    public override async Task OnConnectedAsync()
    {
        var caller = Caller;
        var decision = await engine.AgentConnectedAsync(caller.TenantId, caller.SubjectId, Context.ConnectionId, Context.ConnectionAborted);
        if (!decision.Succeeded)
        {
            throw new HubException("This agent cannot receive sessions: it is unknown to routing.");
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Agent(caller.TenantId, caller.SubjectId), Context.ConnectionAborted);
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.TenantAgents(caller.TenantId), Context.ConnectionAborted);

        // Registered before the check, so that an agent disabled meanwhile is either seen here or aborted by the disable.
        registry.Add(caller.TenantId, caller.SubjectId, Context);
        if (await directory.GetAsync(caller.TenantId, caller.SubjectId, Context.ConnectionAborted) is not { Enabled: true })
        {
            Context.Abort();
        }
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var caller = Caller;
        registry.Remove(caller.TenantId, caller.SubjectId, Context.ConnectionId);
        await engine.AgentDisconnectedAsync(caller.TenantId, caller.SubjectId, Context.ConnectionId, CancellationToken.None);
    }

    public async Task SetState(SetStateRequest request) =>
        await conversations.SetStateAsync(Caller, request, Context.ConnectionAborted);

    public async Task<WorkspaceResult> GetWorkspace() =>
        await conversations.GetWorkspaceAsync(Caller, Context.ConnectionAborted);

    public async Task<SendMessageResult> SendMessage(SendMessageRequest request) =>
        await conversations.SendMessageAsync(Caller, request, Context.ConnectionAborted);

    /// <summary>Relayed to the other side at most once per interval per session (<see cref="ConnectionLimitsFilter"/>).</summary>
    public async Task Typing(TypingRequest request) =>
        await conversations.TypingAsync(Caller, request, Context.ConnectionAborted);

    public async Task<SessionView> Pick(SessionRequest request) =>
        await conversations.PickAsync(Caller, request, Context.ConnectionAborted);

    public async Task Transfer(TransferRequest request) =>
        await conversations.TransferAsync(Caller, request, Context.ConnectionAborted);

    public async Task Close(CloseRequest request) =>
        await conversations.CloseAsync(Caller, request, Context.ConnectionAborted);

    public async Task InviteRating(SessionRequest request) =>
        await conversations.InviteRatingAsync(Caller, request, Context.ConnectionAborted);

    public async Task<IReadOnlyList<MessageEvent>> GetMessages(GetMessagesRequest request) =>
        await conversations.GetMessagesAsync(Caller, request, Context.ConnectionAborted);
}
