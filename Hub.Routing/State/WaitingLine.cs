namespace KefuHub.Routing.State;

/// <summary>Sessions waiting in one line, oldest arrival first.</summary>
internal sealed class WaitingLine(WaitingLineKey key) : IEnumerable<SessionEntry>
{
    private readonly SortedSet<SessionEntry> _sessions = new(ArrivalOrder.Instance);

    public WaitingLineKey Key { get; } = key;

    public int Count => _sessions.Count;

    public SessionEntry? Oldest => _sessions.Count == 0 ? null : _sessions.Min;

    public void Add(SessionEntry session) => _sessions.Add(session);

    public void Remove(SessionEntry session) => _sessions.Remove(session);

    public SortedSet<SessionEntry>.Enumerator GetEnumerator() => _sessions.GetEnumerator();

    IEnumerator<SessionEntry> IEnumerable<SessionEntry>.GetEnumerator() => GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
