namespace KefuHub.Server.Api.Easemob;

/// <summary>
/// An agent as Easemob's agent calls show it. <c>password</c> is always empty; times are
/// <c>yyyy-MM-dd HH:mm:ss</c> in the tenant's time zone; <c>state</c> is the routing state now.
/// </summary>
public sealed record AgentView
{
    public required int TenantId { get; init; }

    public required string UserId { get; init; }

    public string UserType { get; init; } = "Agent";

    public string UserScope { get; init; } = "Tenant";

    public required string Nicename { get; init; }

    public string Password { get; init; } = "";

    public required string Username { get; init; }

    public required string Roles { get; init; }

    public required string CreateDateTime { get; init; }

    public required string LastUpdateDateTime { get; init; }

    /// <summary><c>Enable</c> or <c>Disable</c>.</summary>
    public required string Status { get; init; }

    public required string State { get; init; }

    public required int MaxServiceSessionCount { get; init; }

    public required string TrueName { get; init; }

    public required string MobilePhone { get; init; }

    public required string AgentNumber { get; init; }

    public string AgentType { get; init; } = "Message";

    public string Language { get; init; } = "zh_CN";

    /// <summary>The tenant's offset now, as Easemob writes it: <c>UTC+8</c>.</summary>
    public required string TimeZone { get; init; }

    public required IReadOnlyList<RoleRef> RoleList { get; init; }

    public string Scope { get; init; } = "Tenant";

    public required string BizId { get; init; }

    public required string OnLineState { get; init; }

    public required string CurrentOnLineState { get; init; }
}
