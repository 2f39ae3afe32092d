using System.Globalization;
using System.Text;
using KefuHub.LoadTests.Running;

namespace KefuHub.LoadTests.Reports;

/// <summary>The run as Markdown: header, per-scenario step table, metrics, invariants, ratios.</summary>
internal static class MarkdownReport
{
    public static string Render(RunReport report)
    {
        var md = new StringBuilder();
        var info = report.Info;
        Line(md, $"# KefuHub load test: {(report.Passed ? "passed" : "FAILED")}");
        Line(md);
        Line(md, $"- started: {info.StartedAt:yyyy-MM-dd HH:mm:ss} UTC");
        Line(md, $"- command: `{info.CommandLine}`");
        Line(md, $"- machine: {info.Machine}");
        Line(md, $"- load average (1/5/15 min): {info.LoadAverageAtStart} at start, {info.LoadAverageAtEnd} at end");
        foreach (var result in report.Results)
        {
            Line(md);
            Line(md, $"## {result.Label}");
            Line(md);
            Line(md, $"Load {result.LoadDuration.TotalSeconds:F1} s from {result.StartedAt:HH:mm:ss} UTC. Latencies in ms, of successful calls.");
            Line(md);
            Line(md, "| step | count | ok | fail | RPS | min | mean | p50 | p75 | p95 | p99 | max | bytes |");
            Line(md, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|");
            foreach (var s in result.Steps)
            {
                Line(md, $"| {s.Name} | {s.Count} | {s.Ok} | {s.Fail} | {F(s.Rps, 1)} | {F(s.MinMs)} | {F(s.MeanMs)} | {F(s.P50Ms)} | {F(s.P75Ms)} | {F(s.P95Ms)} | {F(s.P99Ms)} | {F(s.MaxMs)} | {s.Bytes} |");
            }

            foreach (var s in result.Steps.Where(s => s.Errors.Count > 0))
            {
                Line(md);
                Line(md, $"Errors of {s.Name}: " + string.Join("; ", s.Errors.Select(e => $"{e.Count}× {e.Error.Replace('|', '/')}")));
            }

            if (result.Metrics.Count > 0)
            {
                Line(md);
                Line(md, "| metric | value |");
                Line(md, "|---|--:|");
                foreach (var m in result.Metrics)
                {
                    Line(md, $"| {m.Name} | {F(m.Value)} {m.Unit} |");
                }
            }

            foreach (var g in result.Gauges.Where(g => g.Points.Count > 0))
            {
                Line(md);
                Line(md, $"{g.Name}: first {F(g.Points[0].Value)} {g.Unit}, max {F(g.Points.Max(p => p.Value))} {g.Unit}, last {F(g.Points[^1].Value)} {g.Unit} ({g.Points.Count} samples)");
            }

            if (result.Invariants.Count > 0)
            {
                Line(md);
                Line(md, "| invariant | | detail |");
                Line(md, "|---|---|---|");
                foreach (var i in result.Invariants)
                {
                    Line(md, $"| {i.Name} | {(i.Passed ? "passed" : "**FAILED**")} | {i.Detail.Replace('|', '/')} |");
                }
            }
        }

        var ratios = Ratios.Of(report);
        if (ratios.Count > 0)
        {
            Line(md);
            Line(md, "## Against the baselines of this run");
            Line(md);
            Line(md, "| scenario | step | baseline | p50 ratio | p99 ratio |");
            Line(md, "|---|---|---|--:|--:|");
            foreach (var r in ratios)
            {
                Line(md, $"| {r.Scenario} | {r.Step} | {r.Baseline} | {F(r.P50Ratio, 1)}× | {F(r.P99Ratio, 1)}× |");
            }
        }

        return md.ToString();
    }

    internal static string F(double value, int digits = 2) =>
        double.IsNaN(value) ? "–" : value.ToString("N" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static void Line(StringBuilder md, string text = "") => md.Append(text).Append('\n');
}
