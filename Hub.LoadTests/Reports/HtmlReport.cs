using System.Net;
using System.Text;
using KefuHub.LoadTests.Running;

namespace KefuHub.LoadTests.Reports;

/// <summary>The run as one self-contained HTML page: the tables of the Markdown report, and per step
/// a latency-over-time chart (p50/p95/p99 per second) and a latency histogram, per gauge its values
/// over time; all inline SVG.</summary>
internal static class HtmlReport
{
    public static string Render(RunReport report)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>KefuHub load test</title><style>")
            .Append("body{font-family:sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td:first-child,th:first-child{text-align:left}")
            .Append(".fail{color:#b00;font-weight:bold}.ok{color:#080}.charts{display:flex;flex-wrap:wrap;gap:1em}</style></head><body>");
        var info = report.Info;
        html.Append("<h1>KefuHub load test: ").Append(report.Passed ? "<span class=\"ok\">passed</span>" : "<span class=\"fail\">FAILED</span>").Append("</h1>");
        html.Append("<ul><li>started ").Append(E($"{info.StartedAt:yyyy-MM-dd HH:mm:ss} UTC")).Append("</li><li>command <code>").Append(E(info.CommandLine))
            .Append("</code></li><li>machine ").Append(E(info.Machine)).Append("</li><li>load average ").Append(E(info.LoadAverageAtStart))
            .Append(" at start, ").Append(E(info.LoadAverageAtEnd)).Append(" at end</li></ul>");
        foreach (var result in report.Results)
        {
            html.Append("<h2>").Append(E(result.Label)).Append("</h2><table><tr><th>step</th><th>count</th><th>ok</th><th>fail</th><th>RPS</th><th>min</th><th>mean</th><th>p50</th><th>p75</th><th>p95</th><th>p99</th><th>max</th><th>bytes</th></tr>");
            foreach (var s in result.Steps)
            {
                html.Append("<tr><td>").Append(E(s.Name)).Append("</td>");
                foreach (var cell in new[] { $"{s.Count}", $"{s.Ok}", $"{s.Fail}", F(s.Rps), F(s.MinMs), F(s.MeanMs), F(s.P50Ms), F(s.P75Ms), F(s.P95Ms), F(s.P99Ms), F(s.MaxMs), $"{s.Bytes}" })
                {
                    html.Append("<td>").Append(E(cell)).Append("</td>");
                }

                html.Append("</tr>");
            }

            html.Append("</table>");
            foreach (var s in result.Steps.Where(s => s.Errors.Count > 0))
            {
                html.Append("<p class=\"fail\">").Append(E($"Errors of {s.Name}: " + string.Join("; ", s.Errors.Select(e => $"{e.Count}× {e.Error}")))).Append("</p>");
            }

            if (result.Metrics.Count > 0)
            {
                html.Append("<table><tr><th>metric</th><th>value</th></tr>");
                foreach (var m in result.Metrics)
                {
                    html.Append("<tr><td>").Append(E(m.Name)).Append("</td><td>").Append(E($"{F(m.Value)} {m.Unit}")).Append("</td></tr>");
                }

                html.Append("</table>");
            }

            html.Append("<table><tr><th>invariant</th><th></th><th>detail</th></tr>");
            foreach (var i in result.Invariants)
            {
                html.Append("<tr><td>").Append(E(i.Name)).Append("</td><td class=\"").Append(i.Passed ? "ok\">passed" : "fail\">FAILED").Append("</td><td style=\"text-align:left\">").Append(E(i.Detail)).Append("</td></tr>");
            }

            html.Append("</table><div class=\"charts\">");
            foreach (var s in result.Steps.Where(s => s.Ok > 0))
            {
                html.Append(SvgChart.Lines($"{s.Name}: latency over time", "s", "ms",
                [
                    ("p50", [.. s.Series.Select(p => ((double)p.Second, p.P50Ms))]),
                    ("p95", [.. s.Series.Select(p => ((double)p.Second, p.P95Ms))]),
                    ("p99", [.. s.Series.Select(p => ((double)p.Second, p.P99Ms))]),
                ]));
                html.Append(SvgChart.Histogram($"{s.Name}: latency histogram", [.. s.Histogram.Select(b => (b.UpperMs, b.Count))]));
            }

            foreach (var g in result.Gauges)
            {
                html.Append(SvgChart.Lines($"{g.Name} over time", "s", g.Unit, [(g.Name, [.. g.Points.Select(p => (p.Second, p.Value))])]));
            }

            html.Append("</div>");
        }

        var ratios = Ratios.Of(report);
        if (ratios.Count > 0)
        {
            html.Append("<h2>Against the baselines of this run</h2><table><tr><th>scenario</th><th>step</th><th>baseline</th><th>p50 ratio</th><th>p99 ratio</th></tr>");
            foreach (var r in ratios)
            {
                html.Append("<tr><td>").Append(E(r.Scenario)).Append("</td><td>").Append(E(r.Step)).Append("</td><td>").Append(E(r.Baseline))
                    .Append("</td><td>").Append(E(F(r.P50Ratio, 1) + "×")).Append("</td><td>").Append(E(F(r.P99Ratio, 1) + "×")).Append("</td></tr>");
            }

            html.Append("</table>");
        }

        return html.Append("</body></html>").ToString();
    }

    private static string F(double value, int digits = 2) => MarkdownReport.F(value, digits);

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
