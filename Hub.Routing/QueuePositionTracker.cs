namespace KefuHub.Routing;

/// <summary>
/// Remembers the last position pushed to each waiting session of a line and tells which ones changed,
/// so that a caller pushes only those. Not thread-safe: one per tenant, used by the tenant's push loop.
/// </summary>
public sealed class QueuePositionTracker
{
    private readonly Dictionary<WaitingLineKey, Dictionary<string, int>> _published = [];

    /// <summary>
    /// Given a line's current positions (from the engine), returns those that differ from what was last
    /// returned for the same session in that line, and forgets sessions no longer in it.
    /// </summary>
    public IReadOnlyList<QueuePosition> Changes(WaitingLineKey line, IReadOnlyList<QueuePosition> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (!_published.TryGetValue(line, out var previous))
        {
            previous = new Dictionary<string, int>(StringComparer.Ordinal);
        }

        var next = new Dictionary<string, int>(current.Count, StringComparer.Ordinal);
        var changes = new List<QueuePosition>();
        foreach (var position in current)
        {
            next[position.SessionId] = position.Position;
            if (!previous.TryGetValue(position.SessionId, out var last) || last != position.Position)
            {
                changes.Add(position);
            }
        }

        if (next.Count == 0)
        {
            _published.Remove(line);
        }
        else
        {
            _published[line] = next;
        }

        return changes;
    }
}
