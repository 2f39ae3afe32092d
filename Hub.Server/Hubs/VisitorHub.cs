using KefuHub.Routing;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Hubs;

/// <summary><c>/hubs/visitor</c>: the widget's connection. Thin: every call goes to <see cref="ConversationService"/>.</summary>
[Authorize(Policy = KefuAuthenticationDefaults.VisitorPolicy)]
public sealed class VisitorHub(ConversationService conversations, RoutingEngine engine) : Hub
{
    private CallerIdentity Caller => CallerIdentity.FromPrincipal(Context.User) ?? throw new HubException("Not authenticated.");

    public override async Task OnConnectedAsync()
    {
        var caller = Caller;
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Visitor(caller.TenantId, caller.SubjectId), Context.ConnectionAborted);
        await engine.VisitorConnectedAsync(caller.TenantId, caller.SubjectId, Context.ConnectionId, Context.ConnectionAborted);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var caller = Caller;
        await engine.VisitorDisconnectedAsync(caller.TenantId, caller.SubjectId, Context.ConnectionId, CancellationToken.None);
    }

    public async Task<StartSessionResult> StartSession(StartSessionRequest request) =>
        await conversations.StartSessionAsync(Caller, request, Context.ConnectionAborted);

    public async Task<SendMessageResult> SendMessage(SendMessageRequest request) =>
        await conversations.SendMessageAsync(Caller, request, Context.ConnectionAborted);

    /// <summary>Relayed to the other side at most once per interval per session (<see cref="ConnectionLimitsFilter"/>).</summary>
    public async Task Typing(TypingRequest request) =>
        await conversations.TypingAsync(Caller, request, Context.ConnectionAborted);

    public async Task Rate(RateRequest request) =>
        await conversations.RateAsync(Caller, request, Context.ConnectionAborted);

    public async Task EndSession(SessionRequest request) =>
        await conversations.EndSessionAsync(Caller, request, Context.ConnectionAborted);

    public async Task<LeaveMessageResult> LeaveMessage(LeaveMessageRequest request) =>
        await conversations.LeaveMessageAsync(Caller, request, Context.ConnectionAborted);

    public async Task<IReadOnlyList<MessageEvent>> GetMessages(GetMessagesRequest request) =>
        await conversations.GetMessagesAsync(Caller, request, Context.ConnectionAborted);
}
