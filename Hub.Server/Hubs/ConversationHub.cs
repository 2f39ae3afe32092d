using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Hubs;

/// <summary>What visitors and agents both do in a session; SignalR exposes these methods on both hubs.</summary>
public abstract class ConversationHub(ConversationService conversations) : Hub
{
    protected ConversationService Conversations => conversations;

    protected CallerIdentity Caller => CallerIdentity.FromPrincipal(Context.User) ?? throw new HubException("Not authenticated.");

    public async Task<SendMessageResult> SendMessage(SendMessageRequest request) =>
        await conversations.SendMessageAsync(Caller, request, Context.ConnectionAborted);

    /// <summary>Relayed to the other side at most once per interval per session (<see cref="ConnectionLimitsFilter"/>).</summary>
    public async Task Typing(TypingRequest request) =>
        await conversations.TypingAsync(Caller, request, Context.ConnectionAborted);

    public async Task<IReadOnlyList<MessageEvent>> GetMessages(GetMessagesRequest request) =>
        await conversations.GetMessagesAsync(Caller, request, Context.ConnectionAborted);
}
