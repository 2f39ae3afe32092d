using KefuHub.Routing;
using KefuHub.Server.Api.Admin;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Mvc;

namespace KefuHub.Server.Api;

/// <summary>
/// Integrations write into a session ("platform → user"): the session's agent with its own token, or an
/// administrator / client-credentials token sending as the session's agent. Same rules as the hubs'
/// <c>SendMessage</c>; the visitor receives it and the webhook gets its Message event as for any message.
/// </summary>
internal static class SessionMessageEndpoints
{
    public static RouteGroupBuilder MapSessionMessageEndpoints(this RouteGroupBuilder tenant)
    {
        tenant.MapPost("/sessions/{serviceSessionId}/messages", SendAsync);
        return tenant;
    }

    private static async Task<IResult> SendAsync(
        int tenantId,
        string serviceSessionId,
        [FromBody] PostMessageRequest? request,
        HttpContext http,
        ConversationService conversations,
        CallerPermissions permissions,
        RoutingEngine engine,
        CancellationToken cancellationToken)
    {
        var caller = TenantAccessFilter.CallerOf(http);
        if (caller.Kind == TokenKind.Visitor)
        {
            return ApiError.NotAdmin.WithDescription("visitors send messages through the visitor hub").ToResult();
        }

        if (request is null)
        {
            return AdminErrors.Invalid("A message object is required.");
        }

        var sender = caller;
        var isAdmin = (await permissions.GetAsync(caller, cancellationToken)).HasFlag(Permission.Admin);
        if (isAdmin)
        {
            var session = await engine.ReadAsync(tenantId, s => s.GetSession(serviceSessionId), cancellationToken);
            if (session is null)
            {
                return AdminErrors.NotFound($"service session {serviceSessionId}");
            }

            if (caller.Kind != TokenKind.Agent || session.AgentId != caller.SubjectId)
            {
                if (session.State != SessionState.Processing || session.AgentId is not { } agentId)
                {
                    return AdminErrors.Conflict.WithDescription($"Session '{serviceSessionId}' has no agent yet: messages are sent as its agent.").ToResult();
                }

                sender = new CallerIdentity(tenantId, TokenKind.Agent, agentId);
            }
        }

        try
        {
            var sent = await conversations.SendMessageAsync(
                sender,
                new SendMessageRequest(serviceSessionId, request.ClientMessageId!, request.Type!, request.Text, request.Url, request.Ext),
                cancellationToken);
            return ApiResponse.Entity(sent);
        }
        catch (ConversationException exception)
        {
            return AdminErrors.FromConversation(exception);
        }
    }
}
