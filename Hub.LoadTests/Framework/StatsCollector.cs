using System.Collections.Concurrent;
using System.Diagnostics;

namespace KefuHub.LoadTests.Framework;

/// <summary>A scenario's steps, gauges and metrics, timed from the start of its load.</summary>
public sealed class StatsCollector
{
    private readonly ConcurrentDictionary<string, StepStats> _steps = new();
    private readonly ConcurrentDictionary<string, (string Unit, ConcurrentQueue<GaugePoint> Points)> _gauges = new();
    private readonly ConcurrentDictionary<string, Metric> _metrics = new();
    private readonly ConcurrentQueue<string> _stepOrder = new();
    private long _origin = Stopwatch.GetTimestamp();

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Interlocked.Read(ref _origin));

    public StepStats Step(string name) => _steps.GetOrAdd(name, n =>
    {
        _stepOrder.Enqueue(n);
        return new StepStats(n, () => Elapsed);
    });

    public void Gauge(string name, string unit, double value)
    {
        var gauge = _gauges.GetOrAdd(name, _ => (unit, new ConcurrentQueue<GaugePoint>()));
        gauge.Points.Enqueue(new GaugePoint(Math.Round(Elapsed.TotalSeconds, 1), value));
    }

    public void Metric(string name, double value, string unit) => _metrics[name] = new Metric(name, value, unit);

    internal void Restart() => Interlocked.Exchange(ref _origin, Stopwatch.GetTimestamp());

    internal IReadOnlySet<string> StepNames => _steps.Keys.ToHashSet(StringComparer.Ordinal);

    /// <summary>Drops every step but these (the warm-up's, before the measured load); a step recorded again starts afresh.</summary>
    internal void ForgetStepsExcept(IReadOnlySet<string> keep)
    {
        foreach (var name in _steps.Keys.Where(n => !keep.Contains(n)))
        {
            _steps.TryRemove(name, out _);
        }
    }

    internal IReadOnlyList<StepStats> Steps => [.. _stepOrder.Distinct().Where(_steps.ContainsKey).Select(n => _steps[n])];

    internal IReadOnlyList<StepResult> StepResults(TimeSpan duration) => [.. Steps.Select(s => s.Snapshot(duration))];

    internal IReadOnlyList<GaugeResult> GaugeResults() =>
        [.. _gauges.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new GaugeResult(g.Key, g.Value.Unit, [.. g.Value.Points]))];

    internal IReadOnlyList<Metric> Metrics() => [.. _metrics.Values.OrderBy(m => m.Name, StringComparer.Ordinal)];
}
