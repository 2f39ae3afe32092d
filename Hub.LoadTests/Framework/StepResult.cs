namespace KefuHub.LoadTests.Framework;

/// <summary>A step's statistics at the end of a scenario; latencies in milliseconds, of successful calls.</summary>
public sealed record StepResult(
    string Name,
    long Count,
    long Ok,
    long Fail,
    double Rps,
    double MinMs,
    double MeanMs,
    double P50Ms,
    double P75Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    long Bytes,
    IReadOnlyList<ErrorCount> Errors,
    IReadOnlyList<SeriesPoint> Series,
    IReadOnlyList<HistogramBucket> Histogram);
