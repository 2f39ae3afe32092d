using KefuHub.Routing;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using Microsoft.AspNetCore.Authorization;

namespace KefuHub.Server.Hubs;

/// <summary><c>/hubs/visitor</c>: the widget's connection. Thin: every call goes to <see cref="ConversationService"/>.</summary>
[Authorize(Policy = KefuAuthenticationDefaults.VisitorPolicy)]
public sealed class VisitorHub(ConversationService conversations, RoutingEngine engine, VisitorSightings sightings) : ConversationHub(conversations)
{
    public override async Task OnConnectedAsync()
    {
        var caller = Caller;
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Visitor(caller.TenantId, caller.SubjectId), Context.ConnectionAborted);
        await engine.VisitorConnectedAsync(caller.TenantId, caller.SubjectId, Context.ConnectionId, Context.ConnectionAborted);
        sightings.Record(caller.TenantId, caller.SubjectId);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var caller = Caller;
        await engine.VisitorDisconnectedAsync(caller.TenantId, caller.SubjectId, Context.ConnectionId, CancellationToken.None);
    }

    public async Task<StartSessionResult> StartSession(StartSessionRequest request) =>
        await Conversations.StartSessionAsync(Caller, request, Context.ConnectionAborted);

    public async Task Rate(RateRequest request) =>
        await Conversations.RateAsync(Caller, request, Context.ConnectionAborted);

    public async Task EndSession(SessionRequest request) =>
        await Conversations.EndSessionAsync(Caller, request, Context.ConnectionAborted);

    /// <summary>Hands the visitor's robot session to people (robot reception).</summary>
    public async Task<StartSessionResult> TransferToHuman(SessionRequest request) =>
        await Conversations.TransferToHumanAsync(Caller, request, Context.ConnectionAborted);

    public async Task<LeaveMessageResult> LeaveMessage(LeaveMessageRequest request) =>
        await Conversations.LeaveMessageAsync(Caller, request, Context.ConnectionAborted);
}
