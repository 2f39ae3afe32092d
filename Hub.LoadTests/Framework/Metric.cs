namespace KefuHub.LoadTests.Framework;

/// <summary>A single number a scenario reports beside its steps (drain time, memory per connection...).</summary>
public sealed record Metric(string Name, double Value, string Unit);
