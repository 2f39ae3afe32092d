namespace KefuHub.Routing.State;

/// <summary>
/// Rule 3: lowest processing/max ratio first; ties go to the agent whose last assignment is oldest,
/// then to the smaller id so the order is total. Ratios are compared by cross-multiplication, exactly.
/// An agent at capacity has ratio 1 or more, so it sorts after every agent with spare capacity.
/// </summary>
internal sealed class LeastBusyAgentOrder : IComparer<AgentEntry>
{
    public static readonly LeastBusyAgentOrder Instance = new();

    public int Compare(AgentEntry? x, AgentEntry? y)
    {
        var byRatio = ((long)x!.Load * y!.Max).CompareTo((long)y.Load * x.Max);
        if (byRatio != 0)
        {
            return byRatio;
        }

        var byIdle = x.LastAssignedSeq.CompareTo(y.LastAssignedSeq);
        return byIdle != 0 ? byIdle : string.CompareOrdinal(x.Id, y.Id);
    }
}
