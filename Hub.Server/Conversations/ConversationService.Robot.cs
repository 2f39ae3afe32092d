using KefuHub.Routing;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

// Robot reception: with the tenant's robot on, a new session opens with the robot, outside routing (no line, no
// agent's capacity), until a transfer keyword, TransferToHuman or the robot's webhook hands it to people.
public sealed partial class ConversationService
{
    /// <summary>Hands the visitor's robot session to people, routed as a new session would be (rules 1–5), its place by now.</summary>
    public async ValueTask<StartSessionResult> TransferToHumanAsync(CallerIdentity caller, SessionRequest request, CancellationToken cancellationToken)
    {
        Require(request);
        var id = RequireId(request.ServiceSessionId);
        if (await FindRobotSessionAsync(caller.TenantId, caller.SubjectId, cancellationToken) is { } robot && robot.ServiceSessionId == id)
        {
            return await RouteRobotSessionAsync(caller, robot, cancellationToken);
        }

        // Already with people (a transfer keyword got there first, or a repeated call): as StartSession answers it.
        var routed = await engine.ReadAsync(caller.TenantId, s => s.GetSession(id), cancellationToken);
        if (routed is null || routed.VisitorId != caller.SubjectId)
        {
            throw SessionNotFound(id);
        }

        return await StartSessionAsync(caller, new StartSessionRequest(), cancellationToken);
    }

    private async ValueTask<SessionRecord?> FindRobotSessionAsync(int tenantId, string visitorId, CancellationToken cancellationToken) =>
        await sessions.FindOpenSessionAsync(tenantId, visitorId, cancellationToken) is { State: SessionState.Robot } robot ? robot : null;

    /// <summary>A new session with the robot: its greeting, then the visitor's first text, which the robot answers.</summary>
    private async ValueTask<StartSessionResult?> StartRobotSessionAsync(
        CallerIdentity caller, StartSessionRequest request, string? specifiedAgentId, RobotSettings robot, CancellationToken cancellationToken)
    {
        var record = new SessionRecord
        {
            TenantId = caller.TenantId,
            ServiceSessionId = Guid.NewGuid().ToString(),
            VisitorId = caller.SubjectId,
            State = SessionState.Robot,
            QueueId = request.QueueId,
            SpecifiedAgentUserId = specifiedAgentId,
            CreatedAt = time.GetUtcNow(),
        };
        try
        {
            await sessions.UpsertSessionAsync(record, cancellationToken);
        }
        catch (VisitorHasOpenSessionException)
        {
            // Another call of the visitor opened one meanwhile: that one is the visitor's (null: a routed one, asked of routing).
            return await FindRobotSessionAsync(caller.TenantId, caller.SubjectId, cancellationToken) is { } other ? RobotResult(other, robot, null) : null;
        }

        var session = RobotSnapshot(record);
        if (robot.Greeting is { } greeting)
        {
            await AppendRobotMessageAsync(caller.TenantId, session, greeting, "greeting:" + session.SessionId, cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(request.Text))
        {
            var first = await AppendSystemOrVisitorMessageAsync(caller.TenantId, session, MessageSender.Visitor, request.Text, "start:" + session.SessionId, cancellationToken);
            ScheduleRobotReply(caller.TenantId, session, first);
        }

        return RobotResult(record, robot, robot.Greeting);
    }

    private async ValueTask<StartSessionResult> RouteRobotSessionAsync(CallerIdentity caller, SessionRecord robot, CancellationToken cancellationToken)
    {
        var decision = await engine.StartSessionAsync(
            caller.TenantId,
            new RoutingRequest(robot.ServiceSessionId, robot.VisitorId, robot.QueueId, robot.SpecifiedAgentUserId),
            cancellationToken);
        var tenantSettings = await settings.GetAsync(caller.TenantId, cancellationToken);
        if (decision.Kind == RoutingDecisionKind.LeaveMessage)
        {
            // Nobody can take it now and it is closed: the session stays with the robot, the visitor may leave a message.
            return new StartSessionResult(robot.ServiceSessionId, "LeaveMessage", null, null, null, tenantSettings.OffDutyReminderEnabled ? tenantSettings.OffDutyReminderText : null);
        }

        ThrowIfRejected(decision, robot.ServiceSessionId);
        return await FinishStartAsync(caller, decision, tenantSettings, null, cancellationToken);
    }

    /// <summary>Answers a visitor's message in a robot session, after the visitor's call has returned, in message order.</summary>
    private void ScheduleRobotReply(int tenantId, SessionSnapshot session, MessageRecord message) =>
        _ = afterCalls.Enqueue(session.SessionId, cancellationToken => ReplyAsRobotAsync(tenantId, session, message, cancellationToken));

    private async Task ReplyAsRobotAsync(int tenantId, SessionSnapshot session, MessageRecord message, CancellationToken cancellationToken)
    {
        if (await sessions.GetSessionAsync(tenantId, session.SessionId, cancellationToken) is not { State: SessionState.Robot } record)
        {
            return; // Gone to people, or ended, meanwhile.
        }

        var robot = (await settings.GetAsync(tenantId, cancellationToken)).Robot;
        // A robot switched off hands its open sessions to people at their next message.
        var reply = robot.Enabled ? await RobotReplyAsync(tenantId, robot, session, message, cancellationToken) : new RobotReply(null, Transfer: true);
        if (reply.Answer is { } answer)
        {
            await AppendRobotMessageAsync(tenantId, session, answer, "robot:" + message.MessageId, cancellationToken);
        }

        if (reply.Transfer)
        {
            var routed = await RouteRobotSessionAsync(new CallerIdentity(tenantId, TokenKind.Visitor, session.VisitorId), record, cancellationToken);
            if (routed.State == "LeaveMessage" && routed.OffDutyReminderText is { } closed)
            {
                await AppendRobotMessageAsync(tenantId, session, closed, "closed:" + message.MessageId, cancellationToken);
            }
        }
    }

    /// <summary>A transfer keyword; else the first rule whose keyword the text contains; else the webhook; else the fallback answer.</summary>
    private async ValueTask<RobotReply> RobotReplyAsync(int tenantId, RobotSettings robot, SessionSnapshot session, MessageRecord message, CancellationToken cancellationToken)
    {
        var text = message.Type == "txt" ? message.Text ?? "" : "";
        if (text.Length > 0)
        {
            if (RobotKeywords.ContainsAny(text, robot.TransferKeywords))
            {
                return new RobotReply(null, Transfer: true);
            }

            if (robot.Rules.FirstOrDefault(r => RobotKeywords.ContainsAny(text, r.Keywords)) is { } rule)
            {
                return new RobotReply(rule.Answer, Transfer: false);
            }

            if (robot.WebhookUrl is not null &&
                await robotWebhook.AskAsync(tenantId, robot, new RobotWebhookQuestion(session.SessionId, session.VisitorId, text), cancellationToken) is { } asked)
            {
                var answer = string.IsNullOrWhiteSpace(asked.Answer) || VisibleText.IsLongerThan(asked.Answer, options.Value.MaxTextLength) ? null : asked.Answer.Trim();
                if (answer is not null || asked.Transfer == true)
                {
                    return new RobotReply(answer, asked.Transfer == true);
                }
            }
        }

        return new RobotReply(robot.FallbackAnswer, Transfer: false);
    }

    private ValueTask<MessageRecord> AppendRobotMessageAsync(int tenantId, SessionSnapshot session, string text, string clientMessageId, CancellationToken cancellationToken) =>
        AppendAsync(
            tenantId,
            session,
            new NewMessage
            {
                TenantId = tenantId,
                ServiceSessionId = session.SessionId,
                MessageId = Guid.NewGuid().ToString(),
                ClientMessageId = clientMessageId,
                From = MessageSender.Robot,
                Type = "txt",
                Text = text,
                CreatedAt = time.GetUtcNow(),
            },
            cancellationToken);

    /// <summary>The visitor ends its robot session: Terminal, as a served session the visitor closes.</summary>
    private async ValueTask<bool> EndRobotSessionAsync(CallerIdentity caller, string serviceSessionId, CancellationToken cancellationToken)
    {
        if (await FindRobotSessionAsync(caller.TenantId, caller.SubjectId, cancellationToken) is not { } robot || robot.ServiceSessionId != serviceSessionId)
        {
            return false;
        }

        var reason = EndReason.ClosedByVisitor.ToString();
        await sessions.UpsertSessionAsync(robot with { State = SessionState.Terminal, EndReason = reason, StoppedAt = time.GetUtcNow() }, cancellationToken);
        await notify.ToVisitorAsync(caller.TenantId, caller.SubjectId, Hubs.ClientEvents.SessionState, new SessionStateEvent(serviceSessionId, nameof(SessionState.Terminal), null, reason), cancellationToken);
        return true;
    }

    private static SessionSnapshot RobotSnapshot(SessionRecord record) =>
        new(record.ServiceSessionId, record.VisitorId, SessionState.Robot, record.QueueId, record.SpecifiedAgentUserId, null, record.CreatedAt, null);

    private static StartSessionResult RobotResult(SessionRecord record, RobotSettings robot, string? greeting) =>
        new(record.ServiceSessionId, nameof(SessionState.Robot), null, new AgentView(robot.Name, nameof(AgentState.Online)), greeting, null);
}
