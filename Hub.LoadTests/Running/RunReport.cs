using KefuHub.LoadTests.Framework;

namespace KefuHub.LoadTests.Running;

/// <summary>A whole run: its scenarios (baselines first) and where the reports went.</summary>
public sealed record RunReport(RunInfo Info, IReadOnlyList<ScenarioResult> Results, string ReportDirectory)
{
    public bool Passed => Results.Count > 0 && Results.All(r => r.Passed);
}
