using KefuHub.Routing;
using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>Turns routing events into pushes to the visitors and agents concerned.</summary>
internal sealed class HubEventPublisher(
    ConversationNotifier notify,
    SessionViews views,
    AgentDirectory directory,
    TenantSettingsCache settings,
    ChangedWaitingLines changedLines,
    IRoutingStateStore routingState,
    ISessionStore sessions) : IRoutingEventSink
{
    public async ValueTask PublishAsync(int tenantId, IReadOnlyList<RoutingEvent> events, CancellationToken cancellationToken)
    {
        // A round of a burst assigns hundreds of sessions: their agents' views are read in one go, not one by one.
        var assignedViews = await AssignedViewsAsync(tenantId, events, cancellationToken);
        var nextAssigned = 0;
        foreach (var routingEvent in events)
        {
            switch (routingEvent)
            {
                case RoutingEvent.SessionAssigned assigned:
                    await AssignedAsync(tenantId, assigned, assignedViews[nextAssigned++], cancellationToken);
                    break;
                case RoutingEvent.SessionQueued queued:
                    await StateAsync(tenantId, queued.Session, null, queued.Reason.ToString(), queued.PreviousAgentId, cancellationToken);
                    break;
                case RoutingEvent.SessionEnded ended:
                    await EndedAsync(tenantId, ended, cancellationToken);
                    break;
                case RoutingEvent.AgentStateChanged state:
                    await AgentStateAsync(tenantId, state, cancellationToken);
                    break;
                case RoutingEvent.WaitingLineChanged line:
                    await LineChangedAsync(tenantId, line, cancellationToken);
                    break;
            }
        }
    }

    private ValueTask<List<SessionView>> AssignedViewsAsync(int tenantId, IReadOnlyList<RoutingEvent> events, CancellationToken cancellationToken) =>
        views.ToViewsAsync(tenantId, [.. events.OfType<RoutingEvent.SessionAssigned>().Select(e => e.Session)], cancellationToken);

    private async Task AssignedAsync(int tenantId, RoutingEvent.SessionAssigned assigned, SessionView assignedView, CancellationToken cancellationToken)
    {
        var session = assigned.Session;
        var agent = await directory.GetAsync(tenantId, session.AgentId!, cancellationToken);
        var state = await routingState.ReadAsync(tenantId, s => s.GetAgent(session.AgentId!)?.State ?? AgentState.Offline, cancellationToken);
        var view = agent is null ? null : new AgentView(agent.Nicename, state.ToString());
        await StateAsync(tenantId, session, view, assigned.Reason.ToString(), assigned.PreviousAgentId, cancellationToken);
        await notify.ToAgentAsync(
            tenantId,
            session.AgentId!,
            ClientEvents.SessionAssigned,
            new SessionAssignedEvent(assignedView, assigned.Reason.ToString()),
            cancellationToken);
    }

    /// <summary>The agent's own connections, and the visitor of every session it serves, learn its new state.</summary>
    private async Task AgentStateAsync(int tenantId, RoutingEvent.AgentStateChanged changed, CancellationToken cancellationToken)
    {
        var state = changed.State.ToString();
        await notify.ToAgentAsync(tenantId, changed.AgentId, ClientEvents.AgentState, new AgentStateEvent(state), cancellationToken);
        var sessions = await routingState.ReadAsync(tenantId, s => s.GetAgentSessions(changed.AgentId), cancellationToken);
        foreach (var session in sessions)
        {
            await notify.ToVisitorAsync(tenantId, session.VisitorId, ClientEvents.AgentState, new VisitorAgentStateEvent(session.SessionId, state), cancellationToken);
        }
    }

    private async Task EndedAsync(int tenantId, RoutingEvent.SessionEnded ended, CancellationToken cancellationToken)
    {
        var session = ended.Session;
        await StateAsync(tenantId, session, null, ended.Reason.ToString(), session.AgentId, cancellationToken);
        if (session.State == SessionState.Terminal &&
            ended.Reason is EndReason.ClosedByAgent or EndReason.ClosedByAdmin &&
            (await settings.GetAsync(tenantId, cancellationToken)).RatingOnClose)
        {
            // Stored before the visitor hears of it: with visitor-started ratings off, only invited sessions take one.
            await sessions.SetRatingInvitedAsync(tenantId, session.SessionId, cancellationToken);
            await notify.ToVisitorAsync(tenantId, session.VisitorId, ClientEvents.RatingRequested, new RatingRequestedEvent(session.SessionId), cancellationToken);
        }
    }

    /// <summary>Tells the visitor, and the agent who had the session before the change, its new state.</summary>
    private async Task StateAsync(int tenantId, SessionSnapshot session, AgentView? agent, string reason, string? previousAgentId, CancellationToken cancellationToken)
    {
        var state = new SessionStateEvent(session.SessionId, session.State.ToString(), agent, reason);
        await notify.ToVisitorAsync(tenantId, session.VisitorId, ClientEvents.SessionState, state, cancellationToken);
        if (previousAgentId is not null)
        {
            await notify.ToAgentAsync(tenantId, previousAgentId, ClientEvents.SessionState, state, cancellationToken);
        }
    }

    private async Task LineChangedAsync(int tenantId, RoutingEvent.WaitingLineChanged line, CancellationToken cancellationToken)
    {
        changedLines.Add(tenantId, line.Line);
        var changed = new QueueChangedEvent(line.Line.QueueId, line.WaitingCount);
        if (line.Line.SpecifiedAgentId is { } agentId)
        {
            await notify.ToAgentAsync(tenantId, agentId, ClientEvents.QueueChanged, changed, cancellationToken);
        }
        else
        {
            await notify.ToTenantAgentsAsync(tenantId, ClientEvents.QueueChanged, changed, cancellationToken);
        }
    }
}
