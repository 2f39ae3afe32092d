using KefuHub.LoadTests.Running;

namespace KefuHub.LoadTests.Reports;

/// <summary>Writes a run's reports: <c>report.md</c>, <c>report.csv</c> and a self-contained <c>report.html</c>.</summary>
internal static class ReportWriter
{
    public static async Task WriteAsync(RunReport report, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(report.ReportDirectory);
        await File.WriteAllTextAsync(Path.Combine(report.ReportDirectory, "report.md"), MarkdownReport.Render(report), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(report.ReportDirectory, "report.csv"), CsvReport.Render(report), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(report.ReportDirectory, "report.html"), HtmlReport.Render(report), cancellationToken);
    }
}
