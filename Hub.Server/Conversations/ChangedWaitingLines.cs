using System.Collections.Concurrent;
using KefuHub.Routing;

namespace KefuHub.Server.Conversations;

/// <summary>Waiting lines whose positions moved since <see cref="QueuePositionPublisher"/> last looked.</summary>
internal sealed class ChangedWaitingLines
{
    private readonly ConcurrentDictionary<(int TenantId, WaitingLineKey Line), byte> _changed = new();

    public void Add(int tenantId, WaitingLineKey line) => _changed.TryAdd((tenantId, line), 0);

    /// <summary>Takes the lines changed so far; a line changed again meanwhile comes back next time.</summary>
    public List<(int TenantId, WaitingLineKey Line)> TakeAll()
    {
        var taken = new List<(int, WaitingLineKey)>();
        foreach (var key in _changed.Keys)
        {
            if (_changed.TryRemove(key, out _))
            {
                taken.Add(key);
            }
        }

        return taken;
    }
}
