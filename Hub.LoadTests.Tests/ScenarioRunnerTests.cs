using System.Collections.Concurrent;
using KefuHub.LoadTests.Framework;

namespace KefuHub.LoadTests.Tests;

/// <summary>The runner's own rules, without a hub.</summary>
public sealed class ScenarioRunnerTests
{
    [Fact]
    public async Task Inject_StartsRatePerIntervalIterations_ForItsDuration()
    {
        var scenario = Scenario.Create("inject", context => Step.Run("noop", context, () => Task.FromResult(Response.Ok(10))))
            .WithLoadSimulations(Simulation.Inject(40, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        var result = await ScenarioRunner.RunAsync(scenario, null, TestContext.Current.CancellationToken);

        var step = Assert.Single(result.Steps);
        Assert.Equal(40, step.Ok);
        Assert.Equal(400, step.Bytes);
        Assert.True(result.Passed);
    }

    [Fact]
    public async Task KeepConstant_RunsExactlyThatManyCopiesAtOnce()
    {
        var running = 0;
        var peak = 0;
        var scenario = Scenario.Create("constant", async context =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(20, context.CancellationToken);
                Interlocked.Decrement(ref running);
                return Response.Ok();
            })
            .WithLoadSimulations(Simulation.KeepConstant(5, TimeSpan.FromMilliseconds(500)));

        await ScenarioRunner.RunAsync(scenario, null, TestContext.Current.CancellationToken);

        Assert.Equal(5, peak);
    }

    [Fact]
    public async Task RampingInject_RisesFromThePreviousRate()
    {
        var seconds = new ConcurrentBag<double>();
        var scenario = Scenario.Create("ramp", context =>
            {
                seconds.Add(context.Stats.Elapsed.TotalSeconds);
                return Task.FromResult(Response.Ok());
            })
            .WithLoadSimulations(Simulation.RampingInject(60, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)));

        await ScenarioRunner.RunAsync(scenario, null, TestContext.Current.CancellationToken);

        // From 0 to 60/s over 2 s: about 60 in all, three times as many in the second second as the first.
        var first = seconds.Count(s => s < 1);
        var second = seconds.Count(s => s >= 1);
        Assert.InRange(seconds.Count, 55, 65);
        Assert.True(second > 2 * first, $"{first} in the first second, {second} in the second");
    }

    [Fact]
    public async Task WarmUp_RunsTheLoadFirst_AndLeavesItsStepsOutOfTheResults_ButKeepsTheInit()
    {
        var iterations = 0;
        var scenario = Scenario.Create("warm", context =>
            {
                Interlocked.Increment(ref iterations);
                return Step.Run("noop", context, () => Task.FromResult(Response.Ok()));
            })
            .WithInit(context => Step.Run("connect", context, () => Task.FromResult(Response.Ok())))
            .WithLoadSimulations(Simulation.Inject(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            .WithWarmUpDuration(TimeSpan.FromSeconds(1));

        var result = await ScenarioRunner.RunAsync(scenario, null, TestContext.Current.CancellationToken);

        Assert.Equal(40, iterations);
        Assert.Equal(20, Assert.Single(result.Steps, s => s.Name == "noop").Ok);
        Assert.Equal(1, Assert.Single(result.Steps, s => s.Name == "connect").Ok);
        Assert.True(result.Passed);
    }

    [Fact]
    public async Task FailedInvariant_FailsTheScenario_AndFailedStepsAreCountedWithTheirError()
    {
        var scenario = Scenario.Create("failing", context => Step.Run("boom", context, () => throw new InvalidOperationException("no luck")))
            .WithLoadSimulations(Simulation.Inject(5, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)))
            .WithInvariants(_ => Task.FromResult<IReadOnlyList<InvariantResult>>([InvariantResult.Check("always wrong", false, "by design")]));

        var result = await ScenarioRunner.RunAsync(scenario, null, TestContext.Current.CancellationToken);

        Assert.False(result.Passed);
        var step = Assert.Single(result.Steps);
        Assert.Equal(5, step.Fail);
        Assert.Equal("InvalidOperationException: no luck", Assert.Single(step.Errors).Error);
        Assert.Contains(result.Invariants, i => i.Name == "always wrong" && !i.Passed);
        Assert.Contains(result.Invariants, i => i.Name == "no failed step" && !i.Passed);
    }

    [Fact]
    public void StepStats_Percentiles_AreOfTheRecordedLatencies()
    {
        var stats = new StatsCollector();
        var step = stats.Step("latency");
        for (var ms = 1; ms <= 100; ms++)
        {
            step.Record(Response.Ok(), TimeSpan.FromMilliseconds(ms));
        }

        var result = Assert.Single(stats.StepResults(TimeSpan.FromSeconds(10)));

        Assert.Equal(100, result.Ok);
        Assert.Equal(10, result.Rps, 3);
        Assert.Equal(1, result.MinMs, 1);
        Assert.InRange(result.MeanMs, 50.3, 50.8);
        Assert.InRange(result.P50Ms, 49.9, 50.1);
        Assert.InRange(result.P99Ms, 98.9, 99.1);
        Assert.InRange(result.MaxMs, 99.9, 100.1);
        Assert.Equal(100, result.Histogram.Sum(b => b.Count));
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("500ms", 0.5)]
    [InlineData("45", 45)]
    [InlineData("00:01:30", 90)]
    public void Duration_TakesUnits(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), LoadTestCli.ParseDuration(text));

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
