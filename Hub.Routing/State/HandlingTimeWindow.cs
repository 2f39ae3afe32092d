namespace KefuHub.Routing.State;

/// <summary>The last N handling times of one line, for a rolling average.</summary>
internal sealed class HandlingTimeWindow(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;
    private int _next;
    private long _sum;

    public TimeSpan? Average => _count == 0 ? null : TimeSpan.FromTicks(_sum / _count);

    /// <summary>The samples, oldest first; adding them in this order to an empty window rebuilds this one.</summary>
    public IEnumerable<long> Samples()
    {
        var start = _count == _ticks.Length ? _next : 0;
        for (var i = 0; i < _count; i++)
        {
            yield return _ticks[(start + i) % _ticks.Length];
        }
    }

    public void Add(TimeSpan handlingTime)
    {
        var ticks = Math.Max(0, handlingTime.Ticks);
        if (_count == _ticks.Length)
        {
            _sum -= _ticks[_next];
        }
        else
        {
            _count++;
        }

        _ticks[_next] = ticks;
        _sum += ticks;
        _next = (_next + 1) % _ticks.Length;
    }
}
