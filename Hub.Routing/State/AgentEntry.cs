namespace KefuHub.Routing.State;

/// <summary>An agent's mutable routing state inside one tenant.</summary>
internal sealed class AgentEntry(string id)
{
    public string Id { get; } = id;

    public bool Enabled { get; set; }

    public int Max { get; set; }

    public AgentState State { get; set; } = AgentState.Offline;

    /// <summary>
    /// The tenant's assignment counter when this agent last got a session; smaller means it has waited
    /// longer (rule 3's tie-break). A counter rather than a clock keeps ties impossible and replay exact.
    /// </summary>
    public long LastAssignedSeq { get; set; }

    public HashSet<int> QueueIds { get; } = [];

    public HashSet<string> Connections { get; } = new(StringComparer.Ordinal);

    /// <summary>Sessions in Processing with this agent.</summary>
    public HashSet<SessionEntry> Sessions { get; } = [];

    public int Load => Sessions.Count;

    /// <summary>Receives routed sessions when it has spare capacity (rule 1, less the queue).</summary>
    public bool IsRoutable => Enabled && State == AgentState.Online && Max > 0;

    public bool HasSpareCapacity => Load < Max;

    /// <summary>May receive a transfer or pick: enabled and not Offline.</summary>
    public bool IsReachable => Enabled && State != AgentState.Offline;
}
