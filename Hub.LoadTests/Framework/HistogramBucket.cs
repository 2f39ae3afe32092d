namespace KefuHub.LoadTests.Framework;

/// <summary>Calls whose latency was at most <paramref name="UpperMs"/> (and above the previous bucket's).</summary>
public sealed record HistogramBucket(double UpperMs, long Count);
