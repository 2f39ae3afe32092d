using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Hubs;

/// <summary>Hub connections open on this node, grouped by a key, so that a revocation can abort a group at once.</summary>
internal sealed class ConnectionSet<TKey>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, ConcurrentDictionary<string, HubCallerContext>> _connections = new();

    public void Add(TKey key, HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _connections.GetOrAdd(key, _ => new())[context.ConnectionId] = context;
    }

    public void Remove(TKey key, string connectionId)
    {
        if (_connections.TryGetValue(key, out var contexts))
        {
            contexts.TryRemove(connectionId, out _);
        }
    }

    /// <summary>Aborts the group's connections on this node; how many there were.</summary>
    public int AbortAll(TKey key)
    {
        if (!_connections.TryGetValue(key, out var contexts))
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
