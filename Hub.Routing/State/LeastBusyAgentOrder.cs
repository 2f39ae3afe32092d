namespace KefuHub.Routing.State;

/// <summary>
/// Rule 3: lowest processing/max ratio first; ties go to the agent whose last assignment is oldest,
/// then to the smaller id so the order is total. Ratios are compared by cross-multiplication, exactly.
/// An agent at capacity has ratio 1 or more, so it sorts after every agent with spare capacity.
/// </summary>
internal sealed class LeastBusyAgentOrder : IComparer<AgentEntry>
{
    public static readonly LeastBusyAgentOrder Instance = new();

    public int Compare(AgentEntry? x, AgentEntry? y) =>
        Compare(x!.Load, x.Max, x.LastAssignedSeq, x.Id, y!.Load, y.Max, y.LastAssignedSeq, y.Id);

    /// <summary>The order on its fields, for callers that keep copies of them (the heaps).</summary>
    public static int Compare(int xLoad, int xMax, long xLastAssigned, string xId, int yLoad, int yMax, long yLastAssigned, string yId)
    {
        var byRatio = ((long)xLoad * yMax).CompareTo((long)yLoad * xMax);
        if (byRatio != 0)
        {
            return byRatio;
        }

        var byIdle = xLastAssigned.CompareTo(yLastAssigned);
        return byIdle != 0 ? byIdle : string.CompareOrdinal(xId, yId);
    }
}
