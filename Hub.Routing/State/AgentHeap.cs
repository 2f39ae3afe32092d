namespace KefuHub.Routing.State;

/// <summary>
/// The routable agents of one line, least busy on top (an indexed binary heap): finding the agent for
/// a session is O(1) and updating an agent's load O(log n).
/// </summary>
/// <remarks>
/// Each member has a <see cref="Slot"/> that knows its position and a copy of the fields the order
/// (<see cref="LeastBusyAgentOrder"/>) reads, so sifting moves and compares slots without a dictionary
/// write per step or a pointer chase into the agent's session set. The copy is taken when the agent
/// is added and at every <see cref="Update"/>; callers already update every heap holding an agent
/// right after its load or last assignment changes, and take it out of its heaps while changing its
/// max, so the copies always equal the agent's fields when a heap compares them.
/// </remarks>
internal sealed class AgentHeap
{
    private readonly List<Slot> _items = [];
    private readonly Dictionary<AgentEntry, Slot> _slots = new(ReferenceEqualityComparer.Instance);

    public int Count => _items.Count;

    /// <summary>Sum of the members' maxServiceSessionCount, for estimated waits.</summary>
    public int TotalCapacity { get; private set; }

    public bool Contains(AgentEntry agent) => _slots.ContainsKey(agent);

    /// <summary>The least busy agent if it has spare capacity; null when every agent is full.</summary>
    public AgentEntry? BestWithCapacity => _items.Count > 0 && _items[0].Agent.HasSpareCapacity ? _items[0].Agent : null;

    public void Add(AgentEntry agent)
    {
        if (_slots.ContainsKey(agent))
        {
            return;
        }

        var slot = new Slot(agent) { Index = _items.Count };
        slot.CopyOrderFields();
        _items.Add(slot);
        _slots.Add(agent, slot);
        TotalCapacity += agent.Max;
        SiftUp(_items.Count - 1);
    }

    public void Remove(AgentEntry agent)
    {
        if (!_slots.Remove(agent, out var slot))
        {
            return;
        }

        TotalCapacity -= agent.Max;
        var i = slot.Index;
        var last = _items.Count - 1;
        if (i != last)
        {
            _items[i] = _items[last];
            _items[i].Index = i;
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
        if (_slots.TryGetValue(agent, out var slot))
        {
            slot.CopyOrderFields();
            SiftDown(SiftUp(slot.Index));
        }
    }

    /// <summary><see cref="LeastBusyAgentOrder"/> on the slots' copies of the agents' fields.</summary>
    private static int Compare(Slot x, Slot y) =>
        LeastBusyAgentOrder.Compare(x.Load, x.Max, x.LastAssignedSeq, x.Agent.Id, y.Load, y.Max, y.LastAssignedSeq, y.Agent.Id);

    private int SiftUp(int i)
    {
        var item = _items[i];
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (Compare(item, _items[parent]) >= 0)
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

            if (child + 1 < count && Compare(_items[child + 1], _items[child]) < 0)
            {
                child++;
            }

            if (Compare(_items[child], item) >= 0)
            {
                break;
            }

            Place(_items[child], i);
            i = child;
        }

        Place(item, i);
    }

    private void Place(Slot slot, int i)
    {
        _items[i] = slot;
        slot.Index = i;
    }

    /// <summary>One agent's membership: where it sits in the heap and the fields its order reads.</summary>
    private sealed class Slot(AgentEntry agent)
    {
        public AgentEntry Agent { get; } = agent;

        public int Index { get; set; }

        public int Load { get; private set; }

        public int Max { get; private set; }

        public long LastAssignedSeq { get; private set; }

        public void CopyOrderFields()
        {
            Load = Agent.Load;
            Max = Agent.Max;
            LastAssignedSeq = Agent.LastAssignedSeq;
        }
    }
}
