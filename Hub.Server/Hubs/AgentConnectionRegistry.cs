using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Hubs;

/// <summary>
/// The agent hub connections open on this node, by agent, so that disabling or deleting an agent can
/// close them at once. Connections on other nodes close when they next authenticate (their tokens are deleted).
/// </summary>
public sealed class AgentConnectionRegistry
{
    private readonly ConcurrentDictionary<(int TenantId, string UserId), ConcurrentDictionary<string, HubCallerContext>> _connections = new();

    public void Add(int tenantId, string userId, HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _connections.GetOrAdd((tenantId, userId), _ => new())[context.ConnectionId] = context;
    }

    public void Remove(int tenantId, string userId, string connectionId)
    {
        if (_connections.TryGetValue((tenantId, userId), out var contexts))
        {
            contexts.TryRemove(connectionId, out _);
        }
    }

    /// <summary>Aborts every connection of the agent on this node; how many there were.</summary>
    public int AbortAll(int tenantId, string userId)
    {
        if (!_connections.TryGetValue((tenantId, userId), out var contexts))
        {
            return 0;
        }

        var aborted = 0;
        foreach (var (connectionId, context) in contexts)
        {
            if (contexts.TryRemove(connectionId, out _))
            {
                context.Abort();
                aborted++;
            }
        }

        return aborted;
    }
}
