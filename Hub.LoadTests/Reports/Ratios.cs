using KefuHub.LoadTests.Framework;
using KefuHub.LoadTests.Running;

namespace KefuHub.LoadTests.Reports;

/// <summary>Each scenario's primary step against the floors of the same run: the bare WebSocket echo,
/// and the bare SignalR echo of the same protocol. Noise on a shared machine hits both alike, so
/// these ratios say more than the milliseconds.</summary>
internal static class Ratios
{
    public static IReadOnlyList<BaselineRatio> Of(RunReport report)
    {
        var baselines = report.Results.Where(IsBaseline).Select(r => r.Step(r.PrimaryStep!)).OfType<StepResult>().Where(s => s.Ok > 0).ToList();
        var ratios = new List<BaselineRatio>();
        foreach (var result in report.Results.Where(r => !IsBaseline(r) && r.PrimaryStep is not null))
        {
            if (result.Step(result.PrimaryStep!) is not { Ok: > 0 } step)
            {
                continue;
            }

            foreach (var baseline in baselines)
            {
                var protocol = baseline.Name.Contains('[', StringComparison.Ordinal) ? baseline.Name[(baseline.Name.IndexOf('[', StringComparison.Ordinal) + 1)..].TrimEnd(']') : null;
                if (protocol is not null && !result.Label.Contains($"[{protocol},", StringComparison.Ordinal))
                {
                    continue;
                }

                ratios.Add(new BaselineRatio(result.Label, step.Name, baseline.Name, Divide(step.P50Ms, baseline.P50Ms), Divide(step.P99Ms, baseline.P99Ms)));
            }
        }

        return ratios;
    }

    public static bool IsBaseline(ScenarioResult result) => result.Name is "ws-echo" or "signalr-echo";

    private static double Divide(double value, double by) => by <= 0 ? double.NaN : value / by;
}
