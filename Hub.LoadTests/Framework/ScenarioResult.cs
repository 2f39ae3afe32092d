namespace KefuHub.LoadTests.Framework;

/// <summary>Everything a scenario measured and checked.</summary>
public sealed record ScenarioResult(
    string Name,
    string Label,
    DateTimeOffset StartedAt,
    TimeSpan LoadDuration,
    string? PrimaryStep,
    IReadOnlyList<StepResult> Steps,
    IReadOnlyList<GaugeResult> Gauges,
    IReadOnlyList<Metric> Metrics,
    IReadOnlyList<InvariantResult> Invariants)
{
    public bool Passed => Invariants.All(i => i.Passed);

    public StepResult? Step(string name) => Steps.FirstOrDefault(s => s.Name == name);
}
