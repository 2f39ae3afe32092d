namespace KefuHub.LoadTests.Reports;

/// <summary>A scenario's primary step divided by a baseline measured in the same run.</summary>
public sealed record BaselineRatio(string Scenario, string Step, string Baseline, double P50Ratio, double P99Ratio);
