using System.Collections.Concurrent;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Server.Hubs;

/// <summary>
/// Every hub connection open on this node (visitors and agents), by tenant, so that disabling a tenant, or revoking a
/// visitor's tokens, closes them at once.
/// </summary>
public sealed class TenantConnectionRegistry
{
    private readonly ConcurrentDictionary<int, ConcurrentDictionary<string, HubCallerContext>> _connections = new();

    public void Add(int tenantId, HubCallerContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _connections.GetOrAdd(tenantId, _ => new())[context.ConnectionId] = context;
    }

    public void Remove(int tenantId, string connectionId)
    {
        if (_connections.TryGetValue(tenantId, out var contexts))
        {
            contexts.TryRemove(connectionId, out _);
        }
    }

    /// <summary>Aborts the connections on this node opened by one subject (a visitor whose tokens were revoked); how many there were.</summary>
    public int AbortSubject(int tenantId, TokenKind kind, string subjectId)
    {
        if (!_connections.TryGetValue(tenantId, out var contexts))
        {
            return 0;
        }

        var aborted = 0;
        foreach (var (connectionId, context) in contexts)
        {
            if (CallerIdentity.FromPrincipal(context.User) is { } caller && caller.Kind == kind && caller.SubjectId == subjectId &&
                contexts.TryRemove(connectionId, out _))
            {
                context.Abort();
                aborted++;
            }
        }

        return aborted;
    }

    /// <summary>Aborts every connection of the tenant on this node; how many there were.</summary>
    public int AbortAll(int tenantId)
    {
        if (!_connections.TryGetValue(tenantId, out var contexts))
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
