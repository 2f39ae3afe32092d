using HdrHistogram;

namespace KefuHub.LoadTests.Framework;

/// <summary>One step's counts and latencies: an HdrHistogram of the whole run (microseconds, 3
/// significant digits) and a coarser one per second for the latency-over-time chart.</summary>
public sealed class StepStats
{
    private const long HighestMicroseconds = 3_600_000_000; // an hour: anything longer is clamped
    private const int MaxDistinctErrors = 20;

    private readonly Lock _gate = new();
    private readonly LongHistogram _all = new(1, HighestMicroseconds, 3);
    private readonly SortedDictionary<int, SecondBucket> _seconds = [];
    private readonly Dictionary<string, long> _errors = [];
    private readonly Func<TimeSpan> _elapsed;
    private long _ok;
    private long _fail;
    private long _bytes;
    private long _minMicroseconds = long.MaxValue;

    internal StepStats(string name, Func<TimeSpan> elapsed)
    {
        Name = name;
        _elapsed = elapsed;
    }

    public string Name { get; }

    public void Record(Response response, TimeSpan latency)
    {
        var microseconds = Math.Clamp(latency.Ticks / TimeSpan.TicksPerMicrosecond, 1, HighestMicroseconds);
        var second = (int)_elapsed().TotalSeconds;
        lock (_gate)
        {
            _bytes += response.SizeBytes;
            if (!_seconds.TryGetValue(second, out var bucket))
            {
                bucket = new SecondBucket();
                _seconds.Add(second, bucket);
            }

            if (!response.IsOk)
            {
                _fail++;
                bucket.Fail++;
                var error = response.Error ?? "failed";
                if (_errors.TryGetValue(error, out var count))
                {
                    _errors[error] = count + 1;
                }
                else if (_errors.Count < MaxDistinctErrors)
                {
                    _errors.Add(error, 1);
                }

                return;
            }

            // Latency statistics are of the successful calls only, as NBomber's "ok" columns.
            _ok++;
            _all.RecordValue(microseconds);
            bucket.Histogram.RecordValue(microseconds);
            _minMicroseconds = Math.Min(_minMicroseconds, microseconds);
        }
    }

    internal (long Ok, long Fail, double P99Ms) Peek()
    {
        lock (_gate)
        {
            return (_ok, _fail, _ok == 0 ? 0 : _all.GetValueAtPercentile(99) / 1000.0);
        }
    }

    internal StepResult Snapshot(TimeSpan duration)
    {
        lock (_gate)
        {
            var seconds = Math.Max(duration.TotalSeconds, 0.001);
            var series = _seconds.Select(s => new SeriesPoint(
                s.Key,
                s.Value.Histogram.TotalCount,
                s.Value.Fail,
                Ms(s.Value.Histogram, 50),
                Ms(s.Value.Histogram, 95),
                Ms(s.Value.Histogram, 99),
                s.Value.Histogram.TotalCount == 0 ? 0 : s.Value.Histogram.GetMaxValue() / 1000.0)).ToList();
            return new StepResult(
                Name,
                _ok + _fail,
                _ok,
                _fail,
                (_ok + _fail) / seconds,
                _ok == 0 ? 0 : _minMicroseconds / 1000.0,
                _ok == 0 ? 0 : _all.GetMean() / 1000.0,
                Ms(_all, 50),
                Ms(_all, 75),
                Ms(_all, 95),
                Ms(_all, 99),
                _ok == 0 ? 0 : _all.GetMaxValue() / 1000.0,
                _bytes,
                [.. _errors.OrderByDescending(e => e.Value).Select(e => new ErrorCount(e.Key, e.Value))],
                series,
                Buckets(_all));
        }
    }

    private static double Ms(LongHistogram histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;

    /// <summary>Counts in log-spaced buckets (4 per power of ten, 10 µs and up) for the histogram chart.</summary>
    private static List<HistogramBucket> Buckets(LongHistogram histogram)
    {
        var buckets = new List<HistogramBucket>();
        if (histogram.TotalCount == 0)
        {
            return buckets;
        }

        var bounds = new List<double>();
        for (var bound = 10.0; bound < HighestMicroseconds * 10.0; bound *= Math.Pow(10, 0.25))
        {
            bounds.Add(bound);
        }

        var counts = new long[bounds.Count];
        foreach (var value in histogram.RecordedValues())
        {
            var index = bounds.FindIndex(b => value.ValueIteratedTo <= b);
            counts[index < 0 ? counts.Length - 1 : index] += value.CountAtValueIteratedTo;
        }

        var first = Array.FindIndex(counts, c => c > 0);
        var last = Array.FindLastIndex(counts, c => c > 0);
        for (var i = first; i <= last; i++)
        {
            buckets.Add(new HistogramBucket(bounds[i] / 1000.0, counts[i]));
        }

        return buckets;
    }

    private sealed class SecondBucket
    {
        public LongHistogram Histogram { get; } = new(1, HighestMicroseconds, 2);

        public long Fail { get; set; }
    }
}
