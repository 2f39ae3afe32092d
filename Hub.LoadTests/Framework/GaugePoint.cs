namespace KefuHub.LoadTests.Framework;

/// <summary>A gauge's value at a second of the scenario (e.g. the server's memory).</summary>
public sealed record GaugePoint(double Second, double Value);
