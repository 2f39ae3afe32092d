namespace KefuHub.Routing;

/// <summary>What the engine knows of one open (or just ended) session.</summary>
/// <param name="QueueId">The skill queue the session belongs to; null for the tenant-wide line.</param>
/// <param name="SpecifiedAgentId">The agent the visitor asked for, while the session still waits for them.</param>
/// <param name="AgentId">The agent serving the session while it is <see cref="SessionState.Processing"/>.</param>
/// <param name="CreatedAt">When the session arrived; its place in any line it (re-)enters.</param>
/// <param name="Version">
/// Grows with every change of the session, across nodes and rebuilds of the state (see
/// <c>TenantRoutingState.NextVersion</c>), so that a projection of an older change can be told from a newer one.
/// </param>
public sealed record SessionSnapshot(
    string SessionId,
    string VisitorId,
    SessionState State,
    int? QueueId,
    string? SpecifiedAgentId,
    string? AgentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AssignedAt,
    long Version = 0);
