using KefuHub.Routing;
using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

// What an agent can do.
public sealed partial class ConversationService
{
    private const int WorkspaceWaitingItems = 100;
    private const int MaxCommentLength = 1000;
    private const int MaxSummaryIds = 50;

    public async ValueTask SetStateAsync(CallerIdentity caller, SetStateRequest request, CancellationToken cancellationToken)
    {
        Require(request);
        if (!Enum.TryParse<AgentState>(request.State, ignoreCase: true, out var state) || !Enum.IsDefined(state) || int.TryParse(request.State, out _))
        {
            throw Invalid($"state must be one of {string.Join(", ", Enum.GetNames<AgentState>())}.");
        }

        var decision = await engine.SetAgentStateAsync(caller.TenantId, caller.SubjectId, state, cancellationToken);
        ThrowIfRejected(decision, string.Empty);
    }

    /// <summary>The agent's profile, state, the sessions it serves, the waiting sessions it may pick, the settings it acts on.</summary>
    public async ValueTask<WorkspaceResult> GetWorkspaceAsync(CallerIdentity caller, CancellationToken cancellationToken)
    {
        var agent = await agents.GetAgentAsync(caller.TenantId, caller.SubjectId, cancellationToken)
            ?? throw new ConversationException(ConversationError.NotFound, "The agent no longer exists.");
        var (snapshot, serving, waiting, waitingCount) = await engine.ReadAsync(
            caller.TenantId,
            s => (s.GetAgent(agent.UserId), s.GetAgentSessions(agent.UserId), s.GetWaitingFor(agent.UserId, WorkspaceWaitingItems), s.CountWaitingFor(agent.UserId)),
            cancellationToken);
        var served = await views.ToViewsAsync(caller.TenantId, serving, cancellationToken);

        var items = new List<WaitingItem>(waiting.Count);
        foreach (var session in waiting)
        {
            items.Add(ContractMapper.ToWaitingItem(session, await views.UsernameAsync(caller.TenantId, session.SpecifiedAgentId, cancellationToken)));
        }

        return new WorkspaceResult(
            new AgentProfile(agent.UserId, agent.Username, agent.Nicename, agent.Roles, agent.MaxServiceSessionCount),
            (snapshot?.State ?? AgentState.Offline).ToString(),
            served,
            new WaitingView(waitingCount, items),
            new WorkspaceSettings((await settings.GetAsync(caller.TenantId, cancellationToken)).SummaryRequired));
    }

    /// <summary>Takes a waiting session from one of the agent's lines, capacity checked.</summary>
    public async ValueTask<SessionView> PickAsync(CallerIdentity caller, SessionRequest request, CancellationToken cancellationToken)
    {
        Require(request);
        var id = RequireId(request.ServiceSessionId);
        if (!await engine.ReadAsync(caller.TenantId, s => s.IsVisibleTo(caller.SubjectId, id), cancellationToken))
        {
            throw SessionNotFound(id);
        }

        var decision = await engine.PickAsync(caller.TenantId, caller.SubjectId, id, cancellationToken);
        ThrowIfRejected(decision, id);
        return await views.ToViewAsync(caller.TenantId, decision.Session!, cancellationToken);
    }

    /// <summary>Hands a session the agent serves to another agent (spare capacity needed) or back to a queue.</summary>
    public async ValueTask TransferAsync(CallerIdentity caller, TransferRequest request, CancellationToken cancellationToken)
    {
        Require(request);
        var id = RequireId(request.ServiceSessionId);
        var actor = caller.Kind == TokenKind.Agent ? RoutingActor.Agent(caller.SubjectId) : RoutingActor.Admin;
        RoutingDecision decision;
        if (!string.IsNullOrWhiteSpace(request.ToAgentUsername) && request.ToQueueId is null)
        {
            var target = await agents.FindAgentByUsernameAsync(caller.TenantId, request.ToAgentUsername, cancellationToken)
                ?? throw new ConversationException(ConversationError.NotFound, $"Agent '{ClientText.Quote(request.ToAgentUsername)}' does not exist.");
            decision = await engine.TransferToAgentAsync(caller.TenantId, actor, id, target.UserId, cancellationToken);
            if (decision.Error is RoutingError.AgentAtCapacity or RoutingError.AgentUnavailable)
            {
                throw new ConversationException(
                    ConversationError.Conflict,
                    decision.Error == RoutingError.AgentAtCapacity
                        ? $"Agent '{target.Username}' has no spare capacity (at most {target.MaxServiceSessionCount} sessions)."
                        : $"Agent '{target.Username}' is offline or disabled.");
            }
        }
        else if (request.ToQueueId is int queueId && string.IsNullOrWhiteSpace(request.ToAgentUsername))
        {
            decision = await engine.TransferToQueueAsync(caller.TenantId, actor, id, queueId, cancellationToken);
        }
        else
        {
            throw Invalid("Give exactly one of toAgentUsername and toQueueId.");
        }

        ThrowIfRejected(decision, id);
    }

    /// <summary>Closes a session the agent serves, with its summaries and comment.</summary>
    public async ValueTask CloseAsync(CallerIdentity caller, CloseRequest request, CancellationToken cancellationToken)
    {
        Require(request);
        var id = RequireId(request.ServiceSessionId);
        if (VisibleText.IsLongerThan(request.Comment, MaxCommentLength))
        {
            throw Invalid($"comment is at most {MaxCommentLength} characters.");
        }

        var summaryIds = request.SummaryIds ?? [];
        if (summaryIds.Count > MaxSummaryIds)
        {
            throw Invalid($"summaryIds holds at most {MaxSummaryIds} ids.");
        }

        if (summaryIds.Count == 0 && caller.Kind == TokenKind.Agent && (await settings.GetAsync(caller.TenantId, cancellationToken)).SummaryRequired)
        {
            throw Invalid("This tenant requires a summary to close a session: give at least one of summaryIds.");
        }

        if (summaryIds.Count > 0)
        {
            var known = (await summaries.ListSummariesAsync(caller.TenantId, cancellationToken)).Select(s => s.Id).ToHashSet();
            var unknown = summaryIds.Where(s => !known.Contains(s)).ToList();
            if (unknown.Count > 0)
            {
                throw new ConversationException(ConversationError.NotFound, $"Summaries {string.Join(", ", unknown)} do not exist.");
            }
        }

        var actor = caller.Kind == TokenKind.Agent ? RoutingActor.Agent(caller.SubjectId) : RoutingActor.Admin;
        var open = await engine.ReadAsync(caller.TenantId, s => s.GetSession(id), cancellationToken);
        if (open is null || (caller.Kind == TokenKind.Agent && open.AgentId != caller.SubjectId))
        {
            throw SessionNotFound(id);
        }

        if (summaryIds.Count > 0 || request.Comment is not null)
        {
            await sessions.SetSummaryAsync(caller.TenantId, id, summaryIds, request.Comment, cancellationToken);
        }

        ThrowIfRejected(await engine.EndSessionAsync(caller.TenantId, actor, id, cancellationToken), id);
    }

    /// <summary>Asks the visitor of a session the agent serves for a rating.</summary>
    public async ValueTask InviteRatingAsync(CallerIdentity caller, SessionRequest request, CancellationToken cancellationToken)
    {
        Require(request);
        var session = await RequireWritableSessionAsync(caller, request.ServiceSessionId, cancellationToken);
        await sessions.SetRatingInvitedAsync(caller.TenantId, session.SessionId, cancellationToken);
        await notify.ToVisitorAsync(caller.TenantId, session.VisitorId, ClientEvents.RatingRequested, new RatingRequestedEvent(session.SessionId), cancellationToken);
    }
}
