using KefuHub.Routing;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api.Admin;

/// <summary>What routing holds now: online agents, the waiting line, open sessions (the monitoring permission); and acting on sessions.</summary>
internal static class LiveSessionEndpoints
{
    private const int MaxWaitingItems = 100;

    /// <summary>Agents see who is online, and with what spare capacity, to transfer a session.</summary>
    public static RouteGroupBuilder MapOnlineAgents(this RouteGroupBuilder agents)
    {
        agents.MapGet("/agents/online", GetOnlineAgentsAsync);
        return agents;
    }

    public static RouteGroupBuilder MapLiveSessionEndpoints(this RouteGroupBuilder tenant)
    {
        var monitoring = new RequiredPermission(Permission.Monitoring);
        tenant.MapGet("/waitings", GetWaitingsAsync).WithMetadata(monitoring);
        tenant.MapGet("/visitors/{visitorId}/session", GetVisitorSessionAsync).WithMetadata(monitoring);
        tenant.MapGet("/agents/{username}/sessions", GetAgentSessionsAsync).WithMetadata(monitoring);
        tenant.MapPost("/sessions", CreateSessionAsync);
        tenant.MapPost("/sessions/{serviceSessionId}/transfer", TransferAsync);
        tenant.MapPost("/sessions/{serviceSessionId}/close", CloseAsync);
        return tenant;
    }

    /// <summary>Agents whose routing state is not Offline, by username.</summary>
    private static async Task<IResult> GetOnlineAgentsAsync(int tenantId, RoutingEngine engine, AgentDirectory directory, CancellationToken cancellationToken)
    {
        var snapshots = await engine.ReadAsync(tenantId, s => s.GetAgents(), cancellationToken);
        var online = new List<OnlineAgentView>();
        foreach (var agent in snapshots.Where(a => a.State != AgentState.Offline))
        {
            if (await directory.GetAsync(tenantId, agent.AgentId, cancellationToken) is { } record)
            {
                online.Add(new OnlineAgentView(record.Username, record.Nicename, agent.State.ToString(), agent.MaxServiceSessionCount, agent.CurrentSessionCount));
            }
        }

        return ApiResponse.Entities(online.OrderBy(a => a.Username, StringComparer.OrdinalIgnoreCase).ToList());
    }

    private static async Task<IResult> GetWaitingsAsync(int tenantId, RoutingEngine engine, SessionViews views, CancellationToken cancellationToken, int size = MaxWaitingItems)
    {
        if (size is < 1 or > MaxWaitingItems)
        {
            return AdminErrors.Invalid($"size must be between 1 and {MaxWaitingItems}.");
        }

        var (count, waiting) = await engine.ReadAsync(tenantId, s => (s.WaitingCount, s.GetWaiting(size)), cancellationToken);
        var items = new List<WaitingItem>(waiting.Count);
        foreach (var session in waiting)
        {
            items.Add(ContractMapper.ToWaitingItem(session, await views.UsernameAsync(tenantId, session.SpecifiedAgentId, cancellationToken)));
        }

        return ApiResponse.Entity(new WaitingView(count, items));
    }

    private static async Task<IResult> GetVisitorSessionAsync(int tenantId, string visitorId, RoutingEngine engine, SessionViews views, CancellationToken cancellationToken)
    {
        var session = await engine.ReadAsync(tenantId, s => s.GetOpenSession(visitorId), cancellationToken);
        return session is null
            ? AdminErrors.NotFound($"open session of visitor '{visitorId}'")
            : ApiResponse.Entity(await views.ToViewAsync(tenantId, session, cancellationToken));
    }

    private static async Task<IResult> GetAgentSessionsAsync(int tenantId, string username, IAgentStore agents, RoutingEngine engine, SessionViews views, CancellationToken cancellationToken)
    {
        if (await agents.FindAgentByUsernameAsync(tenantId, username, cancellationToken) is not { } agent)
        {
            return ApiError.AgentNotFound.ToResult();
        }

        var sessions = await engine.ReadAsync(tenantId, s => s.GetAgentSessions(agent.UserId), cancellationToken);
        return ApiResponse.Entities(await views.ToViewsAsync(tenantId, sessions, cancellationToken));
    }

    private static async Task<IResult> CreateSessionAsync(
        int tenantId,
        [FromBody] CreateSessionRequest? request,
        HttpContext http,
        IAgentStore agents,
        IVisitorStore visitors,
        ConversationService conversations,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.AgentUsername) || string.IsNullOrWhiteSpace(request.VisitorId))
        {
            return AdminErrors.Invalid("agentUsername and visitorId are required.");
        }

        if (await agents.FindAgentByUsernameAsync(tenantId, request.AgentUsername, cancellationToken) is not { } agent)
        {
            return ApiError.AgentNotFound.ToResult();
        }

        if (await visitors.GetVisitorAsync(tenantId, request.VisitorId, cancellationToken) is null)
        {
            return AdminErrors.NotFound($"visitor '{request.VisitorId}'");
        }

        try
        {
            return ApiResponse.Entity(await conversations.OpenSessionOnAgentAsync(AdminErrors.AdminCaller(http), agent, request.VisitorId, request.Text, cancellationToken));
        }
        catch (ConversationException exception)
        {
            return AdminErrors.FromConversation(exception);
        }
    }

    private static async Task<IResult> TransferAsync(
        int tenantId,
        string serviceSessionId,
        [FromBody] AdminTransferRequest? request,
        HttpContext http,
        IAgentStore agents,
        ConversationService conversations,
        RoutingEngine engine,
        SessionViews views,
        CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(request?.ToAgentUsername) && await agents.FindAgentByUsernameAsync(tenantId, request.ToAgentUsername, cancellationToken) is null)
        {
            return ApiError.AgentNotFound.ToResult();
        }

        try
        {
            await conversations.TransferAsync(
                AdminErrors.AdminCaller(http),
                new TransferRequest(serviceSessionId, request?.ToAgentUsername, request?.ToQueueId),
                cancellationToken);
        }
        catch (ConversationException exception)
        {
            return AdminErrors.FromConversation(exception);
        }

        var session = await engine.ReadAsync(tenantId, s => s.GetSession(serviceSessionId), cancellationToken);
        return session is null
            ? AdminErrors.NotFound($"service session '{serviceSessionId}'")
            : ApiResponse.Entity(await views.ToViewAsync(tenantId, session, cancellationToken));
    }

    private static async Task<IResult> CloseAsync(
        int tenantId,
        string serviceSessionId,
        [FromBody] AdminCloseRequest? request,
        HttpContext http,
        ConversationService conversations,
        ISessionStore sessions,
        CancellationToken cancellationToken)
    {
        try
        {
            await conversations.CloseAsync(AdminErrors.AdminCaller(http), new CloseRequest(serviceSessionId, request?.SummaryIds, request?.Comment), cancellationToken);
        }
        catch (ConversationException exception)
        {
            return AdminErrors.FromConversation(exception);
        }

        var stored = await sessions.GetSessionAsync(tenantId, serviceSessionId, cancellationToken);
        return stored is null
            ? AdminErrors.NotFound($"service session '{serviceSessionId}'")
            : ApiResponse.Entity(new SessionStateView(stored.ServiceSessionId, stored.State.ToString(), stored.EndReason));
    }
}
