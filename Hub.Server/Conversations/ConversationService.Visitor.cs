using KefuHub.Routing;
using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

// What a visitor can do.
public sealed partial class ConversationService
{
    private const int MaxLeaveMessageLength = 2000;
    private const int MaxContactFieldLength = 200;
    private const int MaxRatingDetailLength = 1000;

    /// <summary>Routes the visitor (rules 1, 2, 5); a visitor with an open session gets that one back.</summary>
    public async ValueTask<StartSessionResult> StartSessionAsync(CallerIdentity caller, StartSessionRequest request, CancellationToken cancellationToken)
    {
        Require(request);
        if (VisibleText.IsLongerThan(request.Text, options.Value.MaxTextLength))
        {
            throw Invalid($"text is longer than {options.Value.MaxTextLength} characters.");
        }

        if (request.QueueId is int queueId && await queues.GetQueueAsync(caller.TenantId, queueId, cancellationToken) is null)
        {
            throw new ConversationException(ConversationError.NotFound, $"Queue {queueId} does not exist.");
        }

        string? specifiedAgentId = null;
        if (!string.IsNullOrWhiteSpace(request.AgentUsername))
        {
            specifiedAgentId = (await agents.FindAgentByUsernameAsync(caller.TenantId, request.AgentUsername, cancellationToken))?.UserId
                ?? throw new ConversationException(ConversationError.NotFound, $"Agent '{ClientText.Quote(request.AgentUsername)}' does not exist.");
        }

        var tenantSettings = await settings.GetAsync(caller.TenantId, cancellationToken);
        if (await FindRobotSessionAsync(caller.TenantId, caller.SubjectId, cancellationToken) is { } robotSession)
        {
            // Idempotent with the robot too; a robot switched off meanwhile hands the session to people now.
            return tenantSettings.Robot.Enabled
                ? RobotResult(robotSession, tenantSettings.Robot, null)
                : await RouteRobotSessionAsync(caller, robotSession, cancellationToken);
        }

        if (tenantSettings.Robot.Enabled &&
            await engine.ReadAsync(caller.TenantId, s => s.GetOpenSession(caller.SubjectId), cancellationToken) is null &&
            await StartRobotSessionAsync(caller, request, specifiedAgentId, tenantSettings.Robot, cancellationToken) is { } robotStarted)
        {
            return robotStarted;
        }

        var decision = await engine.StartSessionAsync(
            caller.TenantId,
            new RoutingRequest(Guid.NewGuid().ToString(), caller.SubjectId, request.QueueId, specifiedAgentId),
            cancellationToken);
        if (decision.Kind == RoutingDecisionKind.LeaveMessage)
        {
            return new StartSessionResult(null, "LeaveMessage", null, null, null, tenantSettings.OffDutyReminderEnabled ? tenantSettings.OffDutyReminderText : null);
        }

        ThrowIfRejected(decision, string.Empty);
        return await FinishStartAsync(caller, decision, tenantSettings, request.Text, cancellationToken);
    }

    /// <summary>A session routing opened or found: the welcome and first text of a new one, and the answer.</summary>
    private async ValueTask<StartSessionResult> FinishStartAsync(CallerIdentity caller, RoutingDecision decision, TenantSettings tenantSettings, string? text, CancellationToken cancellationToken)
    {
        if (!decision.Existing)
        {
            decision = await ResolveStoredOpenSessionAsync(caller, decision, cancellationToken);
        }

        var session = decision.Session!;
        string? welcome = null;
        if (!decision.Existing)
        {
            // Client message ids derived from the session id keep these two idempotent too.
            if (!string.IsNullOrWhiteSpace(tenantSettings.WelcomeMessage))
            {
                welcome = tenantSettings.WelcomeMessage;
                await AppendSystemOrVisitorMessageAsync(caller.TenantId, session, MessageSender.System, welcome, "welcome:" + session.SessionId, cancellationToken);
            }

            if (!string.IsNullOrWhiteSpace(text))
            {
                await AppendSystemOrVisitorMessageAsync(caller.TenantId, session, MessageSender.Visitor, text, "start:" + session.SessionId, cancellationToken);
            }
        }

        return new StartSessionResult(
            session.SessionId,
            session.State.ToString(),
            decision.Position?.Position,
            session.AgentId is { } agentId ? await AgentViewAsync(caller.TenantId, agentId, cancellationToken) : null,
            welcome,
            null);
    }

    /// <summary>
    /// The store refuses a second open session per visitor (a unique index), so a new session it did not
    /// take means it holds an open one that routing had lost (say, a write that failed earlier). That one
    /// is the visitor's: the refused session is ended and the stored one brought back into routing.
    /// Only a session the projector noted as not stored is looked up again: the rest of a burst is not.
    /// </summary>
    private async ValueTask<RoutingDecision> ResolveStoredOpenSessionAsync(CallerIdentity caller, RoutingDecision decision, CancellationToken cancellationToken)
    {
        if (!storeRefusals.TryTake(caller.TenantId, decision.Session!.SessionId))
        {
            return decision;
        }

        var stored = await sessions.FindOpenSessionAsync(caller.TenantId, caller.SubjectId, cancellationToken);
        if (stored is null || stored.ServiceSessionId == decision.Session.SessionId || stored.State == SessionState.Robot)
        {
            return decision;
        }

        await engine.EndSessionAsync(caller.TenantId, RoutingActor.Visitor(caller.SubjectId), decision.Session.SessionId, cancellationToken);
        var restored = await engine.RestoreSessionAsync(caller.TenantId, stored.ServiceSessionId, stored.VisitorId, stored.QueueId, stored.CreatedAt, cancellationToken);
        ThrowIfRejected(restored, stored.ServiceSessionId);
        return restored with { Existing = true };
    }

    /// <summary>The visitor leaves: a served session becomes Terminal, a waiting one Abort.</summary>
    public async ValueTask EndSessionAsync(CallerIdentity caller, SessionRequest request, CancellationToken cancellationToken)
    {
        Require(request);
        var id = RequireId(request.ServiceSessionId);
        var ended = await engine.EndSessionAsync(caller.TenantId, RoutingActor.Visitor(caller.SubjectId), id, cancellationToken);
        if (ended.Error == RoutingError.SessionNotFound && await EndRobotSessionAsync(caller, id, cancellationToken))
        {
            return;
        }

        ThrowIfRejected(ended, id);
    }

    /// <summary>The visitor rates a session an agent served, while it runs or after it closed.</summary>
    public async ValueTask RateAsync(CallerIdentity caller, RateRequest request, CancellationToken cancellationToken)
    {
        Require(request);
        if (request.Score is < 1 or > 5)
        {
            throw Invalid("score must be between 1 and 5.");
        }

        if (VisibleText.IsLongerThan(request.Detail, MaxRatingDetailLength) || request.Tags?.Count > 20 || request.Tags?.Any(t => t is null || t.Length > 50) == true)
        {
            throw Invalid($"detail is at most {MaxRatingDetailLength} characters; tags at most 20 of 50 characters.");
        }

        var session = await sessions.GetSessionAsync(caller.TenantId, RequireId(request.ServiceSessionId), cancellationToken);
        if (session is null || session.VisitorId != caller.SubjectId)
        {
            throw SessionNotFound(request.ServiceSessionId);
        }

        if (session.AgentUserId is null || session.State is not (SessionState.Processing or SessionState.Terminal))
        {
            throw new ConversationException(ConversationError.Conflict, "Only a session an agent served can be rated.");
        }

        if (!session.RatingInvited && !(await settings.GetAsync(caller.TenantId, cancellationToken)).VisitorRatingEnabled)
        {
            throw new ConversationException(ConversationError.Forbidden, "Ratings are taken only when the agent asks for one.");
        }

        await sessions.SetRatingAsync(caller.TenantId, session.ServiceSessionId, request.Score, request.Detail, request.Tags ?? [], cancellationToken);
    }

    /// <summary>Stores a leave-a-message form and tells the tenant's agents.</summary>
    public async ValueTask<LeaveMessageResult> LeaveMessageAsync(CallerIdentity caller, LeaveMessageRequest request, CancellationToken cancellationToken)
    {
        Require(request);
        if (string.IsNullOrWhiteSpace(request.Content) || VisibleText.IsLongerThan(request.Content, MaxLeaveMessageLength))
        {
            throw Invalid($"content is required and at most {MaxLeaveMessageLength} characters (got {VisibleText.Length(request.Content)}).");
        }

        if (request.Name?.Length > MaxContactFieldLength || request.Phone?.Length > MaxContactFieldLength || request.Email?.Length > MaxContactFieldLength)
        {
            throw Invalid($"name, phone and email are at most {MaxContactFieldLength} characters each.");
        }

        if (request.QueueId is int queueId && await queues.GetQueueAsync(caller.TenantId, queueId, cancellationToken) is null)
        {
            throw new ConversationException(ConversationError.NotFound, $"Queue {queueId} does not exist.");
        }

        var now = time.GetUtcNow();
        var stored = await leaveMessages.CreateLeaveMessageAsync(
            new LeaveMessageRecord
            {
                TenantId = caller.TenantId,
                VisitorId = caller.SubjectId,
                Name = request.Name,
                Phone = request.Phone,
                Email = request.Email,
                Content = request.Content,
                QueueId = request.QueueId,
                Status = LeaveMessageStatus.Untreated,
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken);
        await notify.ToTenantAgentsAsync(
            caller.TenantId,
            ClientEvents.LeaveMessage,
            LeaveMessageView.From(stored),
            cancellationToken);
        return new LeaveMessageResult(stored.LeaveMessageId);
    }

    private async ValueTask<AgentView?> AgentViewAsync(int tenantId, string agentUserId, CancellationToken cancellationToken)
    {
        var agent = await directory.GetAsync(tenantId, agentUserId, cancellationToken);
        var state = await engine.ReadAsync(tenantId, s => s.GetAgent(agentUserId)?.State ?? AgentState.Offline, cancellationToken);
        return agent is null ? null : new AgentView(agent.Nicename, state.ToString());
    }
}
