namespace KefuHub.Routing;

/// <summary>A tenant's routing configuration (the settings and time plan of the admin API).</summary>
public sealed record TenantRoutingSettings
{
    public static TenantRoutingSettings Default { get; } = new();

    /// <summary>Where sessions started without a queue go; null sends them to any agent.</summary>
    public int? DefaultQueueId { get; init; }

    /// <summary>Working hours; null means always open.</summary>
    public TimePlan? TimePlan { get; init; }

    /// <summary>How long an agent may be without a connection before it turns Offline. Default 60 s.</summary>
    public TimeSpan AgentOfflineGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a waiting visitor may be without a connection before its session is aborted. Default 60 s.</summary>
    public TimeSpan VisitorWaitGrace { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a session waits for its specified agent before falling back to its queue. Default 60 s.</summary>
    public TimeSpan SpecifiedAgentTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
