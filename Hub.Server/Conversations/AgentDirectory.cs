using System.Collections.Concurrent;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Agent names by user id for the pushes of every routing event, cached so that publishing does not
/// read the database per event. Entries live briefly; a change on this node invalidates at once.
/// </summary>
public sealed class AgentDirectory(IAgentStore agents, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<(int TenantId, string UserId), (AgentRecord? Agent, DateTimeOffset ReadAt)> _cache = new();

    public async ValueTask<AgentRecord?> GetAsync(int tenantId, string userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue((tenantId, userId), out var entry) && now - entry.ReadAt < Lifetime)
        {
            return entry.Agent;
        }

        var agent = await agents.GetAgentAsync(tenantId, userId, cancellationToken);
        _cache[(tenantId, userId)] = (agent, now);
        return agent;
    }

    public void Invalidate(int tenantId, string userId) => _cache.TryRemove((tenantId, userId), out _);
}
