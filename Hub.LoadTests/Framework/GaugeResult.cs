namespace KefuHub.LoadTests.Framework;

/// <summary>A value sampled over a scenario, for the over-time charts.</summary>
public sealed record GaugeResult(string Name, string Unit, IReadOnlyList<GaugePoint> Points);
