namespace KefuHub.Routing.State;

/// <summary>
/// The routable agents of one line, least busy on top (an indexed binary heap): finding the agent for
/// a session is O(1) and updating an agent's load O(log n).
/// </summary>
internal sealed class AgentHeap
{
    private readonly List<AgentEntry> _items = [];
    private readonly Dictionary<AgentEntry, int> _index = new(ReferenceEqualityComparer.Instance);

    public int Count => _items.Count;

    /// <summary>Sum of the members' maxServiceSessionCount, for estimated waits.</summary>
    public int TotalCapacity { get; private set; }

    public bool Contains(AgentEntry agent) => _index.ContainsKey(agent);

    /// <summary>The least busy agent if it has spare capacity; null when every agent is full.</summary>
    public AgentEntry? BestWithCapacity => _items.Count > 0 && _items[0].HasSpareCapacity ? _items[0] : null;

    public void Add(AgentEntry agent)
    {
        if (_index.ContainsKey(agent))
        {
            return;
        }

        _items.Add(agent);
        _index[agent] = _items.Count - 1;
        TotalCapacity += agent.Max;
        SiftUp(_items.Count - 1);
    }

    public void Remove(AgentEntry agent)
    {
        if (!_index.Remove(agent, out var i))
        {
            return;
        }

        TotalCapacity -= agent.Max;
        var last = _items.Count - 1;
        if (i != last)
        {
            _items[i] = _items[last];
            _index[_items[i]] = i;
        }

        _items.RemoveAt(last);
        if (i < _items.Count)
        {
            SiftDown(SiftUp(i));
        }
    }

    /// <summary>Restores heap order after the agent's load or last-assignment counter changed.</summary>
    public void Update(AgentEntry agent)
    {
        if (_index.TryGetValue(agent, out var i))
        {
            SiftDown(SiftUp(i));
        }
    }

    private int SiftUp(int i)
    {
        var item = _items[i];
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (LeastBusyAgentOrder.Instance.Compare(item, _items[parent]) >= 0)
            {
                break;
            }

            Place(_items[parent], i);
            i = parent;
        }

        Place(item, i);
        return i;
    }

    private void SiftDown(int i)
    {
        var item = _items[i];
        var count = _items.Count;
        while (true)
        {
            var child = (2 * i) + 1;
            if (child >= count)
            {
                break;
            }

            if (child + 1 < count && LeastBusyAgentOrder.Instance.Compare(_items[child + 1], _items[child]) < 0)
            {
                child++;
            }

            if (LeastBusyAgentOrder.Instance.Compare(_items[child], item) >= 0)
            {
                break;
            }

            Place(_items[child], i);
            i = child;
        }

        Place(item, i);
    }

    private void Place(AgentEntry agent, int i)
    {
        _items[i] = agent;
        _index[agent] = i;
    }
}
