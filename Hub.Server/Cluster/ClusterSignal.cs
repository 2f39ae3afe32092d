namespace KefuHub.Server.Cluster;

/// <summary>A change made on one node that the others must see at once: <paramref name="SubjectId"/> is the agent's user id or the visitor id where the kind names one.</summary>
public sealed record ClusterSignal(ClusterSignalKind Kind, int TenantId, string? SubjectId = null);
