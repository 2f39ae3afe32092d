namespace KefuHub.Server.Storage;

/// <summary>An agent account, with the fields of Easemob's agent API.</summary>
public sealed record AgentRecord
{
    public required int TenantId { get; init; }

    /// <summary>Stable id (a GUID string); the routing engine knows agents by it.</summary>
    public required string UserId { get; init; }

    /// <summary>The login name (an e-mail address in Easemob); unique within the tenant.</summary>
    public required string Username { get; init; }

    public required string PasswordHash { get; init; }

    public required string Nicename { get; init; }

    public string? TrueName { get; init; }

    public string? MobilePhone { get; init; }

    public string? AgentNumber { get; init; }

    /// <summary>Comma-separated, as Easemob shows them: <c>admin,agent</c>.</summary>
    public required string Roles { get; init; }

    public required int MaxServiceSessionCount { get; init; }

    public required bool Enabled { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>An https URL of the agent's picture, set by the agent itself.</summary>
    public string? AvatarUrl { get; init; }

    /// <summary>A custom role of the tenant (its permissions replace those of <see cref="Roles"/>); null for the system roles.</summary>
    public int? CustomRoleId { get; init; }

    public bool IsAdmin => Roles.Split(',', StringSplitOptions.TrimEntries).Contains("admin", StringComparer.OrdinalIgnoreCase);
}
