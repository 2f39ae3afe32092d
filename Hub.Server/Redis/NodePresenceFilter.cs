using KefuHub.Server.Hubs;
using KefuHub.Server.Security;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Redis;

/// <summary>
/// Keeps <see cref="RedisNodePresence"/> in step with the hubs: a connection is recorded before the hub
/// tells routing it connected, and forgotten after the hub told routing it dropped, so a node that dies
/// between the two leaves a record for its reaper.
/// </summary>
internal sealed partial class NodePresenceFilter(RedisNodePresence presence, ILogger<NodePresenceFilter> logger) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        if (CallerIdentity.FromPrincipal(context.Context.User) is not { } caller)
        {
            await next(context);
            return;
        }

        var hub = context.Hub is AgentHub ? PresenceHub.Agent : PresenceHub.Visitor;
        await presence.AddAsync(caller.TenantId, hub, caller.SubjectId, context.Context.ConnectionId);
        try
        {
            await next(context);
        }
        catch
        {
            await ForgetAsync(context.Context.ConnectionId);
            throw;
        }
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            await ForgetAsync(context.Context.ConnectionId);
        }
    }

    private async Task ForgetAsync(string connectionId)
    {
        try
        {
            await presence.RemoveAsync(connectionId);
        }
        catch (StackExchange.Redis.RedisException exception)
        {
            // Left behind: when this node stops beating, its reaper drops the connection again, harmlessly.
            LogForgetFailed(logger, connectionId, exception);
        }
    }

    [LoggerMessage(2022, LogLevel.Warning, "Connection {ConnectionId} could not be removed from node presence.", EventName = "PresenceRemoveFailed")]
    private static partial void LogForgetFailed(ILogger logger, string connectionId, Exception exception);
}
