using System.Globalization;
using System.Text;
using KefuHub.LoadTests.Running;

namespace KefuHub.LoadTests.Reports;

/// <summary>One row per scenario and step, for spreadsheets and scripts.</summary>
internal static class CsvReport
{
    public static string Render(RunReport report)
    {
        var csv = new StringBuilder("scenario,step,count,ok,fail,rps,min_ms,mean_ms,p50_ms,p75_ms,p95_ms,p99_ms,max_ms,bytes,invariants_passed\n");
        foreach (var result in report.Results)
        {
            foreach (var s in result.Steps)
            {
                csv.Append(string.Join(',',
                    Quote(result.Label), Quote(s.Name), N(s.Count), N(s.Ok), N(s.Fail), D(s.Rps), D(s.MinMs), D(s.MeanMs),
                    D(s.P50Ms), D(s.P75Ms), D(s.P95Ms), D(s.P99Ms), D(s.MaxMs), N(s.Bytes), result.Passed ? "true" : "false")).Append('\n');
            }
        }

        return csv.ToString();
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal)
        ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : value;
}
