namespace KefuHub.LoadTests.Framework;

/// <summary>How iterations are started over time; built with <see cref="Simulation"/>.</summary>
public abstract record LoadSimulation(TimeSpan During);

/// <summary>Open model: <paramref name="Rate"/> new iterations every <paramref name="Interval"/>,
/// evenly spaced, whether or not earlier ones have finished.</summary>
public sealed record InjectSimulation(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During);

/// <summary>Open model whose rate moves linearly from the previous simulation's rate (0 first) to
/// <paramref name="Rate"/> per <paramref name="Interval"/> over <paramref name="During"/>.</summary>
public sealed record RampingInjectSimulation(int Rate, TimeSpan Interval, TimeSpan During) : LoadSimulation(During);

/// <summary>Closed model: <paramref name="Copies"/> iterations running at any time, each started as
/// soon as one ends.</summary>
public sealed record KeepConstantSimulation(int Copies, TimeSpan During) : LoadSimulation(During);

/// <summary>No new iterations for <paramref name="During"/>; those running go on (hold connections open).</summary>
public sealed record PauseSimulation(TimeSpan During) : LoadSimulation(During);
