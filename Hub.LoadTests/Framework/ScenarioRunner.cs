using System.Diagnostics;

namespace KefuHub.LoadTests.Framework;

/// <summary>Runs one scenario: init, its load simulations one after another, the drain of iterations
/// still running, clean, and the invariants (which always run, also after a failure in the load).</summary>
public static class ScenarioRunner
{
    public static async Task<ScenarioResult> RunAsync(ScenarioDefinition scenario, Action<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var stats = new StatsCollector();
        var startedAt = DateTimeOffset.UtcNow;
        var invariants = new List<InvariantResult>();
        using var iterations = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loadDuration = TimeSpan.Zero;
        var load = new LoadState(scenario, stats, iterations.Token);
        try
        {
            if (scenario.Init is { } init)
            {
                await init(new ScenarioContext(scenario.Name, -1, stats, cancellationToken));
            }

            if (scenario.WarmUp > TimeSpan.Zero && scenario.Simulations.Count > 0)
            {
                await WarmUpAsync(scenario, stats, load, progress, cancellationToken);
            }

            stats.Restart();
            using var monitorStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var monitor = MonitorAsync(scenario, stats, load, progress, monitorStop.Token);
            var loadStart = Stopwatch.GetTimestamp();
            var previousRate = 0.0;
            foreach (var simulation in scenario.Simulations)
            {
                previousRate = await RunSimulationAsync(simulation, previousRate, load, cancellationToken);
            }

            loadDuration = Stopwatch.GetElapsedTime(loadStart);
            await load.DrainAsync(scenario.DrainTimeout, iterations, cancellationToken);
            await monitorStop.CancelAsync();
            await monitor;
            if (load.Unhandled > 0)
            {
                invariants.Add(InvariantResult.Check("iterations ran to completion", false, $"{load.Unhandled} iterations threw or were cancelled by the drain timeout"));
            }

            if (scenario.Clean is { } clean)
            {
                await clean(new ScenarioContext(scenario.Name, -1, stats, cancellationToken));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            invariants.Add(InvariantResult.Check("scenario ran", false, Step.Describe(exception)));
        }

        if (scenario.Invariants is { } check && !cancellationToken.IsCancellationRequested)
        {
            try
            {
                invariants.AddRange(await check(cancellationToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                invariants.Add(InvariantResult.Check("invariants readable", false, Step.Describe(exception)));
            }
        }

        var steps = stats.StepResults(loadDuration == TimeSpan.Zero ? stats.Elapsed : loadDuration);
        var failed = steps.Where(s => s.Fail > 0).ToList();
        invariants.Add(InvariantResult.Check(
            "no failed step",
            failed.Count == 0,
            failed.Count == 0 ? $"{steps.Sum(s => s.Ok)} calls, all ok" : string.Join("; ", failed.Select(s => $"{s.Name}: {s.Fail} failed ({(s.Errors.Count > 0 ? s.Errors[0].Error : "")})"))));
        return new ScenarioResult(scenario.Name, scenario.Label, startedAt, loadDuration, scenario.PrimaryStep, steps, stats.GaugeResults(), stats.Metrics(), invariants);
    }

    /// <summary>The first simulation for the warm-up time, its iterations finished, then its steps forgotten (the init's are kept).</summary>
    private static async Task WarmUpAsync(ScenarioDefinition scenario, StatsCollector stats, LoadState load, Action<string>? progress, CancellationToken cancellationToken)
    {
        var initSteps = stats.StepNames;
        progress?.Invoke($"{scenario.Label} warming up for {scenario.WarmUp.TotalSeconds:0.#} s (left out of the results)");
        var warmUp = scenario.Simulations[0] with { During = scenario.WarmUp };
        await RunSimulationAsync(warmUp, 0, load, cancellationToken);
        var deadline = Stopwatch.GetTimestamp() + (long)(scenario.DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (load.InFlight > 0 && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(10, cancellationToken);
        }

        stats.ForgetStepsExcept(initSteps);
    }

    private static async Task<double> RunSimulationAsync(LoadSimulation simulation, double previousRate, LoadState load, CancellationToken cancellationToken)
    {
        switch (simulation)
        {
            case InjectSimulation inject:
                await InjectAsync(inject.Rate, inject.Rate, inject.Interval, inject.During, load, cancellationToken);
                return inject.Rate / inject.Interval.TotalSeconds;
            case RampingInjectSimulation ramp:
                var target = ramp.Rate / ramp.Interval.TotalSeconds;
                await InjectAsync(previousRate, target, TimeSpan.FromSeconds(1), ramp.During, load, cancellationToken);
                return target;
            case KeepConstantSimulation constant:
                var end = Stopwatch.GetTimestamp() + (long)(constant.During.TotalSeconds * Stopwatch.Frequency);
                var copies = Enumerable.Range(0, constant.Copies).Select(_ => Task.Run(() => load.LoopAsync(end), CancellationToken.None));
                await Task.WhenAll(copies);
                return previousRate;
            case PauseSimulation pause:
                await Task.Delay(pause.During, cancellationToken);
                return 0;
            default:
                throw new NotSupportedException(simulation.GetType().Name);
        }
    }

    /// <summary>Starts iterations evenly spaced in time at a rate moving linearly from
    /// <paramref name="fromRate"/> to <paramref name="toRate"/> (per <paramref name="interval"/>): by time
    /// t, as many have started as the rate's integral up to t says.</summary>
    private static async Task InjectAsync(double fromRate, double toRate, TimeSpan interval, TimeSpan during, LoadState load, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        var total = during.TotalSeconds;
        var from = fromRate / interval.TotalSeconds;
        var to = toRate / interval.TotalSeconds;
        var launched = 0L;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetElapsedTime(start).TotalSeconds;
            var t = Math.Min(now, total);
            var due = (long)Math.Ceiling((from * t) + ((to - from) * t * t / (2 * total)) - 1e-9);
            for (; launched < due; launched++)
            {
                load.Launch();
            }

            if (now >= total)
            {
                return;
            }

            var rateNow = from + ((to - from) * t / total);
            await Task.Delay(TimeSpan.FromSeconds(Math.Clamp(1 / Math.Max(rateNow, 1e-3), 0.001, 0.05)), cancellationToken);
        }
    }

    private static async Task MonitorAsync(ScenarioDefinition scenario, StatsCollector stats, LoadState load, Action<string>? progress, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                if (scenario.Monitor is { } monitor)
                {
                    try
                    {
                        await monitor(new ScenarioContext(scenario.Name, -1, stats, cancellationToken));
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        stats.Step("monitor").Record(Response.Fail(Step.Describe(exception)), TimeSpan.Zero);
                    }
                }

                progress?.Invoke(ProgressLine(scenario, stats, load));
            }
        }
        catch (OperationCanceledException)
        {
            // The load is over.
        }
    }

    private static string ProgressLine(ScenarioDefinition scenario, StatsCollector stats, LoadState load)
    {
        var steps = string.Join(" | ", stats.Steps.Select(s =>
        {
            var (ok, fail, p99) = s.Peek();
            return $"{s.Name} {ok:N0} ok {fail:N0} fail p99 {p99:F1} ms";
        }));
        return $"{scenario.Label} {stats.Elapsed:mm\\:ss} in flight {load.InFlight:N0} | {steps}";
    }
}
