namespace KefuHub.LoadTests.Framework;

/// <summary>One second of a step: successful calls, failures and their latencies (ms).</summary>
public sealed record SeriesPoint(int Second, long Ok, long Fail, double P50Ms, double P95Ms, double P99Ms, double MaxMs);
