namespace KefuHub.Server.Security;

/// <summary>Token lifetimes; section <c>Kefu:Tokens</c>.</summary>
public sealed class TokenOptions
{
    public const string SectionName = "Kefu:Tokens";

    /// <summary>
    /// How long a visitor token lives unused: each use moves its end this far ahead (checked at most
    /// once an hour per token). Default 30 days.
    /// </summary>
    public TimeSpan VisitorTokenIdleLifetime { get; set; } = TimeSpan.FromDays(30);
}
