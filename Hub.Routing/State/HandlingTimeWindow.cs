namespace KefuHub.Routing.State;

/// <summary>The last N handling times of one line, for a rolling average.</summary>
internal sealed class HandlingTimeWindow(int capacity)
{
    private readonly long[] _ticks = new long[capacity];
    private int _count;
    private int _next;
    private long _sum;

    public TimeSpan? Average => _count == 0 ? null : TimeSpan.FromTicks(_sum / _count);

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
