namespace KefuHub.LoadTests.Scenarios;

/// <summary>The per-scenario options (<c>--visitors --agents --capacity --rate --duration --warm-up</c>); each
/// scenario says what they mean for it and takes its own defaults when one is not given.</summary>
public sealed record ScenarioSettings(int? Visitors, int? Agents, int? Capacity, int? Rate, TimeSpan? Duration, TimeSpan? WarmUp = null)
{
    public int VisitorsOr(int fallback) => Visitors ?? fallback;

    public int AgentsOr(int fallback) => Agents ?? fallback;

    public int CapacityOr(int fallback) => Capacity ?? fallback;

    public int RateOr(int fallback) => Rate ?? fallback;

    public TimeSpan DurationOr(TimeSpan fallback) => Duration ?? fallback;

    public TimeSpan WarmUpOr(TimeSpan fallback) => WarmUp ?? fallback;
}
