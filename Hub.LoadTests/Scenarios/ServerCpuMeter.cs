using System.Diagnostics;
using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Framework;

namespace KefuHub.LoadTests.Scenarios;

/// <summary>
/// The hub's CPU during the measured load, sampled by the monitor: a "server CPU" gauge (% of one core)
/// and, at the end, CPU milliseconds per completed iteration of a step. CPU per unit of work changes
/// far less than latency with what else the machine runs, so it is the figure to compare between builds.
/// </summary>
internal sealed class ServerCpuMeter(HubTarget target, string perStep)
{
    private (TimeSpan Cpu, long Ok, long At)? _first;
    private (TimeSpan Cpu, long Ok, long At)? _previous;

    public void Sample(StatsCollector stats)
    {
        if (target.ServerCpuTime() is not { } cpu)
        {
            return;
        }

        var sample = (cpu, stats.Step(perStep).Peek().Ok, Stopwatch.GetTimestamp());
        if (_previous is { } previous)
        {
            var wall = Stopwatch.GetElapsedTime(previous.At, sample.Item3);
            stats.Gauge("server CPU", "% of a core", 100 * (cpu - previous.Cpu) / wall);
        }

        _first ??= sample;
        _previous = sample;
    }

    /// <summary>Adds the metric "server CPU per <c>perStep</c>", from the first sample to now (the load and its drain).</summary>
    public void Report(StatsCollector stats)
    {
        Sample(stats);
        if (_first is { } first && _previous is { } last && last.Ok > first.Ok)
        {
            stats.Metric($"server CPU per {perStep}", (last.Cpu - first.Cpu).TotalMilliseconds / (last.Ok - first.Ok), "ms");
        }
    }
}
