namespace KefuHub.Server.Cluster;

/// <summary>What changed, so that every node drops what it holds of it.</summary>
public enum ClusterSignalKind
{
    /// <summary>The tenant's settings: drop the cached copy.</summary>
    TenantSettingsChanged,

    /// <summary>The tenant was enabled or disabled: drop the cached status.</summary>
    TenantStatusChanged,

    /// <summary>The tenant was disabled: close its connections.</summary>
    TenantConnectionsRevoked,

    /// <summary>An agent's record (name, role, enabled): drop the cached copy.</summary>
    AgentChanged,

    /// <summary>An agent was disabled or deleted: close its connections.</summary>
    AgentConnectionsRevoked,

    /// <summary>A visitor's tokens were revoked: close its connections (<see cref="ClusterSignal.SubjectId"/> is the visitor id).</summary>
    VisitorConnectionsRevoked,
}
