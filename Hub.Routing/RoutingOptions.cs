namespace KefuHub.Routing;

/// <summary>Process-wide engine options, bound from the <c>Routing</c> configuration section and checked by <see cref="RoutingOptionsValidator"/>.</summary>
public sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>Handling times kept per queue for the rolling average behind estimated waits. Default 20.</summary>
    public int HandlingTimeSamples { get; set; } = 20;

    /// <summary>Assumed handling time of a queue that has closed no session yet. Default 3 minutes.</summary>
    public TimeSpan DefaultHandlingTime { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Most sessions one tenant may have waiting; more are refused, bounding memory. Default 10,000.</summary>
    public int MaxWaitingSessionsPerTenant { get; set; } = 10_000;
}
