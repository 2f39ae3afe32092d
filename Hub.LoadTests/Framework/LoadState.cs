using System.Diagnostics;

namespace KefuHub.LoadTests.Framework;

/// <summary>The iterations of one scenario in flight, and their invocation numbers.</summary>
internal sealed class LoadState(ScenarioDefinition scenario, StatsCollector stats, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _next;
    private long _inFlight;
    private long _unhandled;
    private int _draining;

    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>Iterations that threw instead of answering a <see cref="Response"/>.</summary>
    public long Unhandled => Interlocked.Read(ref _unhandled);

    public void Launch()
    {
        Interlocked.Increment(ref _inFlight);
        _ = Task.Run(async () =>
        {
            try
            {
                await RunOnceAsync();
            }
            finally
            {
                if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _draining) == 1)
                {
                    _idle.TrySetResult();
                }
            }
        }, CancellationToken.None);
    }

    public async Task LoopAsync(long endTimestamp)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            while (Stopwatch.GetTimestamp() < endTimestamp && !cancellationToken.IsCancellationRequested)
            {
                await RunOnceAsync();
            }
        }
        finally
        {
            if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _draining) == 1)
            {
                _idle.TrySetResult();
            }
        }
    }

    public async Task DrainAsync(TimeSpan timeout, CancellationTokenSource iterations, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _draining, 1);
        if (InFlight == 0)
        {
            return;
        }

        try
        {
            await _idle.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            await iterations.CancelAsync();
            await _idle.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        }
    }

    private async Task RunOnceAsync()
    {
        var context = new ScenarioContext(scenario.Name, Interlocked.Increment(ref _next) - 1, stats, cancellationToken);
        try
        {
            await scenario.Run(context);
        }
#pragma warning disable CA1031 // counted and reported; one broken iteration must not end the run
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref _unhandled);
            stats.Step("iteration").Record(Response.Fail(Step.Describe(exception)), TimeSpan.Zero);
        }
    }
}
