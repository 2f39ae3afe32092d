using System.ComponentModel.DataAnnotations;

namespace KefuHub.Server.Api;

/// <summary>Limits of the unauthenticated REST calls; section <c>Kefu:Api</c>.</summary>
public sealed class ApiLimitOptions
{
    public const string SectionName = "Kefu:Api";

    /// <summary>Visitors one address may create per minute. Default 600 (one busy NAT).</summary>
    [Range(1, 1_000_000)]
    public int VisitorSignUpsPerMinute { get; set; } = 600;

    /// <summary>Agent logins one address may try per minute. Default 30.</summary>
    [Range(1, 1_000_000)]
    public int AgentLoginsPerMinute { get; set; } = 30;
}
