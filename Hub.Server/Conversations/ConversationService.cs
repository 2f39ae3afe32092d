using KefuHub.Routing;
using KefuHub.Routing.State;
using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Redis;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.Extensions.Options;

namespace KefuHub.Server.Conversations;

/// <summary>
/// The session lifecycle behind both hubs (and the REST session calls): checks that the caller owns
/// what it touches, asks the routing engine, stores durably, and pushes to the other side. Refusals
/// are <see cref="ConversationException"/>s with a message fit for the client.
/// </summary>
public sealed partial class ConversationService(
    RoutingEngine engine,
    ISessionStore sessions,
    IAgentStore agents,
    IQueueStore queues,
    ILeaveMessageStore leaveMessages,
    ISummaryStore summaries,
    TenantSettingsCache settings,
    AgentDirectory directory,
    SessionViews views,
    SessionStoreRefusals storeRefusals,
    ConversationNotifier notify,
    CallerPermissions permissions,
    RobotWebhookClient robotWebhook,
    SessionWorkQueue afterCalls,
    TimeProvider time,
    IOptions<KefuHubOptions> options)
{
    private const int MaxClientMessageIdLength = 64;
    private const int MaxSessionIdLength = 64;
    private const int MaxExtLength = 4096;
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 500;

    private static readonly HashSet<string> MessageTypes = new(StringComparer.Ordinal) { "txt", "img", "emoji", "file", "order", "track" };

    /// <summary>Stores a message from the caller and pushes it to both sides; a repeated client message id returns the first result.</summary>
    public async ValueTask<SendMessageResult> SendMessageAsync(CallerIdentity caller, SendMessageRequest request, CancellationToken cancellationToken)
    {
        Require(request);
        Validate(caller.TenantId, request);
        var session = await RequireWritableSessionAsync(caller, request.ServiceSessionId, cancellationToken);
        var messageId = Guid.NewGuid().ToString();
        var stored = await AppendAsync(
            caller.TenantId,
            session,
            new NewMessage
            {
                TenantId = caller.TenantId,
                ServiceSessionId = session.SessionId,
                MessageId = messageId,
                ClientMessageId = request.ClientMessageId,
                From = caller.Kind == TokenKind.Visitor ? MessageSender.Visitor : MessageSender.Agent,
                SenderId = caller.SubjectId,
                Type = request.Type,
                Text = request.Text,
                Url = request.Url,
                Ext = request.Ext?.GetRawText(),
                CreatedAt = time.GetUtcNow(),
            },
            cancellationToken);
        if (session.State == SessionState.Robot && stored.MessageId == messageId)
        {
            ScheduleRobotReply(caller.TenantId, session, stored);
        }

        return new SendMessageResult(stored.MessageId, stored.Seq, stored.CreatedAt);
    }

    /// <summary>Relays a typing state to the other side of a session the caller is in.</summary>
    public async ValueTask TypingAsync(CallerIdentity caller, TypingRequest request, CancellationToken cancellationToken)
    {
        Require(request);
        var session = await RequireWritableSessionAsync(caller, request.ServiceSessionId, cancellationToken);
        var typing = new TypingEvent(session.SessionId, request.Typing);
        if (caller.Kind == TokenKind.Agent)
        {
            await notify.ToVisitorAsync(caller.TenantId, session.VisitorId, ClientEvents.Typing, typing, cancellationToken);
        }
        else if (session.AgentId is { } agentId)
        {
            await notify.ToAgentAsync(caller.TenantId, agentId, ClientEvents.Typing, typing, cancellationToken);
        }
    }

    /// <summary>A session's messages after a <c>seq</c>, for catch-up after a reconnect.</summary>
    public async ValueTask<IReadOnlyList<MessageEvent>> GetMessagesAsync(CallerIdentity caller, GetMessagesRequest request, CancellationToken cancellationToken)
    {
        Require(request);
        var size = request.Size ?? DefaultPageSize;
        if (request.AfterSeq < 0 || size is < 1 or > MaxPageSize)
        {
            throw Invalid($"afterSeq must be 0 or more and size between 1 and {MaxPageSize}.");
        }

        var session = await sessions.GetSessionAsync(caller.TenantId, RequireId(request.ServiceSessionId), cancellationToken);
        if (session is null || !await MayReadAsync(caller, session, cancellationToken))
        {
            throw SessionNotFound(request.ServiceSessionId);
        }

        var messages = await sessions.GetMessagesAsync(caller.TenantId, session.ServiceSessionId, request.AfterSeq, size, cancellationToken);
        return messages.Select(ContractMapper.ToEvent).ToList();
    }

    private async ValueTask<bool> MayReadAsync(CallerIdentity caller, SessionRecord session, CancellationToken cancellationToken) => caller.Kind switch
    {
        TokenKind.Visitor => session.VisitorId == caller.SubjectId,
        TokenKind.Agent => session.AgentUserId == caller.SubjectId ||
            await engine.ReadAsync(caller.TenantId, s => s.IsVisibleTo(caller.SubjectId, session.ServiceSessionId), cancellationToken) ||
            ((await permissions.GetAsync(caller, cancellationToken)) & (Permission.History | Permission.Monitoring)) != 0,
        _ => true,
    };

    /// <summary>
    /// The open session the caller may write in: a visitor its own (waiting or served); an agent one it
    /// serves. A session of someone else looks exactly like one that does not exist.
    /// </summary>
    /// <remarks>
    /// Checked on this node's recent routing state first (no round trip on several nodes): the write races
    /// with a close or transfer elsewhere whichever state it is checked on, since the check is not atomic with
    /// the append. A refusal is checked again on the latest state, so that a session just assigned through
    /// another node is writable at once.
    /// </remarks>
    private async ValueTask<SessionSnapshot> RequireWritableSessionAsync(CallerIdentity caller, string? serviceSessionId, CancellationToken cancellationToken)
    {
        var id = RequireId(serviceSessionId);
        var (session, visible) = await engine.ReadRecentAsync(caller.TenantId, Query, cancellationToken);
        if (Writable(session, visible) is { } recent)
        {
            return recent;
        }

        (session, visible) = await engine.ReadAsync(caller.TenantId, Query, cancellationToken);
        if (Writable(session, visible) is { } latest)
        {
            return latest;
        }

        if (caller.Kind == TokenKind.Visitor && session is null && await FindRobotSessionAsync(caller.TenantId, caller.SubjectId, cancellationToken) is { } robot && robot.ServiceSessionId == id)
        {
            return RobotSnapshot(robot);
        }

        if (caller.Kind == TokenKind.Agent && visible && session is not null)
        {
            throw new ConversationException(ConversationError.Conflict, $"Session '{id}' is waiting: pick it before writing in it.");
        }

        throw SessionNotFound(id);

        (SessionSnapshot? Session, bool Visible) Query(TenantRoutingState state) =>
            (state.GetSession(id), caller.Kind == TokenKind.Agent && state.IsVisibleTo(caller.SubjectId, id));

        SessionSnapshot? Writable(SessionSnapshot? session, bool visible) => caller.Kind == TokenKind.Visitor
            ? session is { State: SessionState.Wait or SessionState.Processing } && session.VisitorId == caller.SubjectId ? session : null
            : visible && session is { State: SessionState.Processing } ? session : null;
    }

    private void Validate(int tenantId, SendMessageRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.ClientMessageId) || request.ClientMessageId.Length > MaxClientMessageIdLength)
        {
            throw Invalid($"clientMessageId is required and at most {MaxClientMessageIdLength} characters.");
        }

        if (request.Type is null || !MessageTypes.Contains(request.Type))
        {
            throw Invalid($"type must be one of {string.Join(", ", MessageTypes)}.");
        }

        if (request.Type == "txt" && string.IsNullOrWhiteSpace(request.Text))
        {
            throw Invalid("A txt message needs a text.");
        }

        var maxText = options.Value.MaxTextLength;
        if (VisibleText.IsLongerThan(request.Text, maxText))
        {
            throw Invalid($"text is longer than {maxText} characters.");
        }

        if (request.Url is not null && !MessageUrlPolicy.IsAllowed(request.Url, tenantId))
        {
            throw Invalid(MessageUrlPolicy.Requirement);
        }

        if (request.Ext is { } ext && (ext.ValueKind != System.Text.Json.JsonValueKind.Object || ext.GetRawText().Length > MaxExtLength))
        {
            throw Invalid($"ext must be an object of at most {MaxExtLength} characters of JSON.");
        }
    }

    private static void Require<T>(T? request)
        where T : class
    {
        if (request is null)
        {
            throw Invalid("The request object is required.");
        }
    }

    private static string RequireId(string? serviceSessionId) =>
        string.IsNullOrWhiteSpace(serviceSessionId) ? throw Invalid("serviceSessionId is required.")
        : serviceSessionId.Length > MaxSessionIdLength ? throw SessionNotFound(serviceSessionId)
        : serviceSessionId;

    private static ConversationException Invalid(string message) => new(ConversationError.InvalidArgument, message);

    private static ConversationException SessionNotFound(string? id) => new(ConversationError.NotFound, $"Session '{ClientText.Quote(id)}' was not found.");

    /// <summary>Turns a routing refusal into a conversation error; ownership refusals read as not found.</summary>
    private static void ThrowIfRejected(RoutingDecision decision, string sessionId)
    {
        if (decision.Succeeded)
        {
            return;
        }

        throw decision.Error switch
        {
            RoutingError.SessionNotFound or RoutingError.NotSessionOwner => SessionNotFound(sessionId),
            RoutingError.AgentNotFound or RoutingError.QueueNotFound => new ConversationException(ConversationError.NotFound, decision.Message ?? "Not found."),
            RoutingError.InvalidArgument => Invalid(decision.Message ?? "Invalid request."),
            _ => new ConversationException(ConversationError.Conflict, decision.Message ?? decision.Error.ToString()),
        };
    }

    /// <summary>A text the server writes into a session for the system or on the visitor's behalf (welcome, first text).</summary>
    private ValueTask<MessageRecord> AppendSystemOrVisitorMessageAsync(int tenantId, SessionSnapshot session, MessageSender from, string text, string clientMessageId, CancellationToken cancellationToken) =>
        AppendAsync(
            tenantId,
            session,
            new NewMessage
            {
                TenantId = tenantId,
                ServiceSessionId = session.SessionId,
                MessageId = Guid.NewGuid().ToString(),
                ClientMessageId = clientMessageId,
                From = from,
                SenderId = from == MessageSender.Visitor ? session.VisitorId : null,
                Type = "txt",
                Text = text,
                CreatedAt = time.GetUtcNow(),
            },
            cancellationToken);

    /// <summary>Stores a message and, unless it repeats one stored before, pushes it to both sides of the session.</summary>
    private async ValueTask<MessageRecord> AppendAsync(int tenantId, SessionSnapshot session, NewMessage message, CancellationToken cancellationToken)
    {
        var stored = await sessions.AppendMessageAsync(message, cancellationToken);
        if (!stored.Duplicate)
        {
            var pushed = ContractMapper.ToEvent(stored.Message);
            await Task.WhenAll(
                notify.MessageAsync(tenantId, session.VisitorId, session.AgentId, pushed, cancellationToken),
                PushToAgentServingNowAsync(tenantId, session, pushed, cancellationToken));
        }

        return stored.Message;
    }

    /// <summary>
    /// A session picked, assigned or transferred while the message was being stored has an agent that the push
    /// to the session's agent at the check missed, and whose catch-up read may have run before the commit: the
    /// latest routing state names who serves it now (found by the three-node stress test).
    /// </summary>
    private async Task PushToAgentServingNowAsync(int tenantId, SessionSnapshot session, MessageEvent message, CancellationToken cancellationToken)
    {
        if (session.State == SessionState.Robot)
        {
            return;
        }

        string? servingNow;
        try
        {
            servingNow = await engine.ReadAsync(tenantId, s => s.GetSession(session.SessionId)?.AgentId, cancellationToken);
        }
        catch (RoutingStoreUnavailableException)
        {
            return; // Stored and acknowledged: that agent fills the gap in seq at the session's next message.
        }

        if (servingNow is not null && servingNow != session.AgentId)
        {
            await notify.MessageToAgentAsync(tenantId, servingNow, message, cancellationToken);
        }
    }
}
