using System.Collections.Concurrent;
using System.Diagnostics;
using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Framework;
using KefuHub.LoadTests.Invariants;

namespace KefuHub.LoadTests.Scenarios;

/// <summary>
/// <c>burst</c>: <c>--visitors</c> visitors start sessions at <c>--rate</c> a second against
/// <c>--agents</c> agents of <c>--capacity</c>. Set-up connects every visitor first, so the burst is
/// of <c>StartSession</c> calls alone. Each served visitor says hello; its agent closes the session
/// <c>--duration</c> after the hello, which frees capacity for those waiting. Steps: <c>start-session</c> (the call),
/// <c>time-to-assignment</c> (call to Processing: the answer, or the push after waiting),
/// <c>time-to-queue-position</c> (call to a <c>Wait</c> answer with its position), <c>hello</c>
/// (the served visitor's first message, acknowledged), <c>close</c> (the agent's call). Metrics: the
/// drain time from the last start to the last session closed.
/// </summary>
internal sealed class BurstScenario : ILoadScenario
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(90);

    // Warm-up visitors each start, speak and end about five sessions a second: well within the visitor's rate limit.
    private const int WarmUpVisitors = 200;
    private static readonly TimeSpan WarmUpCycle = TimeSpan.FromMilliseconds(200);

    public string Name => "burst";

    public string Description => "--visitors (2000) start sessions at --rate/s (500) onto --agents (200) of --capacity (10); agents close each session --duration (2s) after the visitor's hello";

    public ScenarioDefinition Build(HubTarget? target, ScenarioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(target);
        var agentCount = settings.AgentsOr(200);
        var capacity = settings.CapacityOr(10);
        var visitorCount = settings.VisitorsOr(2000);
        var rate = settings.RateOr(500);
        var hold = settings.DurationOr(TimeSpan.FromSeconds(2));
        var warmUp = settings.WarmUpOr(TimeSpan.Zero);
        var agents = new ConcurrentDictionary<string, AgentClient>(StringComparer.OrdinalIgnoreCase);
        var visitors = new VisitorClient[visitorCount];
        var outcomes = new string?[visitorCount];
        var acks = new AckLedger();
        var assignments = new AssignmentLedger();
        var watch = new CapacityWatch(target.Rest);
        var cpu = new ServerCpuMeter(target, "start-session");
        var late = new List<InvariantResult>();
        var started = 0;
        long lastStart = 0;
        long lastEnd = 0;
        long firstStart = 0;
        var snapshotTaken = 0;

        return Scenario.Create(Name, async context =>
            {
                var n = context.InvocationNumber;
                if (n >= visitorCount)
                {
                    return Response.Ok();
                }

                var visitor = visitors[n];
                if (visitor is null)
                {
                    return Response.Fail("visitor did not connect");
                }

                var start = Stopwatch.GetTimestamp();
                Interlocked.CompareExchange(ref firstStart, start, 0);
                Wire.StartSessionResult? answer = null;
                var call = await Step.Run("start-session", context, async () =>
                {
                    answer = await visitor.StartSessionAsync(null, context.CancellationToken);
                    return Response.Ok();
                });
                Interlocked.Increment(ref started);
                Interlocked.Exchange(ref lastStart, Stopwatch.GetTimestamp());
                if (!call.IsOk)
                {
                    return call;
                }

                outcomes[n] = answer!.State;
                switch (answer.State)
                {
                    case "Processing":
                        Step.Record("time-to-assignment", context, Stopwatch.GetElapsedTime(start), Response.Ok());
                        break;
                    case "Wait":
                        Step.Record("time-to-queue-position", context, Stopwatch.GetElapsedTime(start), Response.Ok());
                        var served = await Step.Run("wait", context, async () =>
                        {
                            await visitor.Served.WaitAsync(WaitLimit, context.CancellationToken);
                            return Response.Ok();
                        });
                        Step.Record("time-to-assignment", context, Stopwatch.GetElapsedTime(start), served);
                        if (!served.IsOk)
                        {
                            return served;
                        }

                        break;
                    case "LeaveMessage":
                        return Response.Ok();
                    default:
                        return Response.Fail($"StartSession answered {answer.State}");
                }

                var hello = $"hello:{target.RunId}:{n}";
                var said = await Step.Run("hello", context, async () =>
                {
                    acks.Acked(visitor.SessionId!, hello, await visitor.SendAsync($"h-{target.RunId}-{n}", hello, context.CancellationToken));
                    return Response.Ok(hello.Length);
                });
                if (!said.IsOk)
                {
                    // Nobody will close it for us: end it, so the visitor is not left open.
                    await visitor.EndSessionAsync(context.CancellationToken);
                    return said;
                }

                var ended = await Step.Run("ended", context, async () =>
                {
                    await visitor.Ended.WaitAsync(hold + WaitLimit, context.CancellationToken);
                    return Response.Ok();
                });
                Interlocked.Exchange(ref lastEnd, Stopwatch.GetTimestamp());
                return ended;
            })
            .WithPrimaryStep("time-to-assignment")
            .WithDrainTimeout(hold + WaitLimit + TimeSpan.FromSeconds(10))
            .WithInit(async context =>
            {
                var ct = context.CancellationToken;
                await ScenarioParallel.ForAsync(agentCount, ct, async (i, token) =>
                {
                    var agent = await target.ConnectAgentAsync(i, capacity, token);
                    agent.Assigned += (a, session) => assignments.Assigned(session.ServiceSessionId, a.Username, a.Sessions.Count);
                    // The hold starts at the visitor's first message, so a slow hub never closes a
                    // session under a visitor that has not spoken yet.
                    agent.MessageReceived += (a, message) =>
                    {
                        if (message.From == "visitor" && message.Text?.StartsWith("hello:", StringComparison.Ordinal) == true)
                        {
                            _ = CloseLaterAsync(a, message.ServiceSessionId, hold, context.Stats);
                        }
                    };
                    await agent.SetStateAsync("Online", token);
                    agents[agent.Username] = agent;
                });
                await ScenarioParallel.ForAsync(visitorCount, ct, async (i, token) =>
                {
                    await Step.Run("connect", context, async () =>
                    {
                        visitors[i] = await target.ConnectVisitorAsync(i, token);
                        return Response.Ok();
                    });
                });
                if (warmUp > TimeSpan.Zero)
                {
                    await WarmUpAsync(target, Math.Min(WarmUpVisitors, agentCount * capacity), visitorCount, warmUp, agents.Values, ct);
                }
            })
            .WithLoadSimulations(Simulation.Inject(rate, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(Math.Ceiling(visitorCount / (double)rate))))
            .WithMonitor(async context =>
            {
                await watch.SampleAsync(context.CancellationToken);
                cpu.Sample(context.Stats);
                if (target.ServerResidentBytes() is { } rss)
                {
                    context.Stats.Gauge("server memory", "MB", rss / 1048576.0);
                }

                // Once every visitor has started, the agents' lists are at their fullest: check them.
                if (Volatile.Read(ref started) >= visitorCount && Interlocked.Exchange(ref snapshotTaken, 1) == 0)
                {
                    late.Add(await HubInvariants.NoDoubleAssignmentAsync(target.Rest, agents.Keys, assignments, context.CancellationToken));
                }
            })
            .WithClean(async context =>
            {
                cpu.Report(context.Stats);
                var ct = context.CancellationToken;
                if (Interlocked.Exchange(ref snapshotTaken, 1) == 0)
                {
                    late.Add(await HubInvariants.NoDoubleAssignmentAsync(target.Rest, agents.Keys, assignments, ct));
                }

                if (lastEnd > 0)
                {
                    context.Stats.Metric("drain time (last start → last session closed)", Stopwatch.GetElapsedTime(lastStart, lastEnd).TotalSeconds, "s");
                    context.Stats.Metric("burst (first start → last session closed)", Stopwatch.GetElapsedTime(firstStart, lastEnd).TotalSeconds, "s");
                }

                context.Stats.Metric("assigned at once", outcomes.Count(o => o == "Processing"), "visitors");
                context.Stats.Metric("waited", outcomes.Count(o => o == "Wait"), "visitors");
                context.Stats.Metric("sent to leave a message", outcomes.Count(o => o == "LeaveMessage"), "visitors");
                late.Add(await EveryVisitorAccountedForAsync(target, visitors, outcomes, assignments, ct));
                await ScenarioParallel.ForEachAsync(visitors.Where(v => v is not null), ct, async (v, _) => await v.DisposeAsync());
                await ScenarioParallel.ForEachAsync(agents.Values, ct, async (a, _) => await a.DisposeAsync());
                await target.DeleteAgentsAsync(ct);
            })
            .WithInvariants(async ct =>
            [
                await HubInvariants.CapacityAsync(target.Rest, watch, assignments, capacity, ct),
                .. late,
                await HubInvariants.NoLostAcknowledgedMessageAsync(target.Rest, acks, ct),
            ]);
    }

    /// <summary>
    /// With <c>--warm-up</c>: visitors of their own start a session, say something the agents leave alone, and
    /// end it, over and over, so that the burst meets a hub whose code paths are compiled and pools filled, as a
    /// hub in service is. Nothing of it is measured; it ends with every agent free again.
    /// </summary>
    private static async Task WarmUpAsync(HubTarget target, int count, int firstIndex, TimeSpan duration, ICollection<AgentClient> agents, CancellationToken cancellationToken)
    {
        var end = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var warmers = new VisitorClient[count];
        await ScenarioParallel.ForAsync(count, cancellationToken, async (i, token) => warmers[i] = await target.ConnectVisitorAsync(firstIndex + i, token));
        try
        {
            await ScenarioParallel.ForAsync(count, cancellationToken, async (i, token) =>
            {
                for (var cycle = 0; Stopwatch.GetTimestamp() < end; cycle++)
                {
                    var pace = Task.Delay(WarmUpCycle, token);
                    var answer = await warmers[i].StartSessionAsync(null, token);
                    if (answer.State == "Processing")
                    {
                        await warmers[i].SendAsync($"w-{target.RunId}-{i}-{cycle}", "warm-up", token);
                    }

                    if (answer.State is "Processing" or "Wait")
                    {
                        await warmers[i].EndSessionAsync(token);
                    }

                    await pace;
                }
            });
        }
        finally
        {
            await ScenarioParallel.ForEachAsync(warmers.Where(w => w is not null), cancellationToken, async (w, _) => await w.DisposeAsync());
        }

        // The agents' ends of the warm-up sessions trail the visitors' calls.
        var free = Stopwatch.GetTimestamp() + (10 * Stopwatch.Frequency);
        while (agents.Any(a => !a.Sessions.IsEmpty) && Stopwatch.GetTimestamp() < free)
        {
            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task CloseLaterAsync(AgentClient agent, string serviceSessionId, TimeSpan hold, StatsCollector stats)
    {
        await Task.Delay(hold);
        var start = Stopwatch.GetTimestamp();
        try
        {
            await agent.CloseAsync(serviceSessionId, CancellationToken.None);
            stats.Step("close").Record(Response.Ok(), Stopwatch.GetElapsedTime(start));
        }
#pragma warning disable CA1031 // a failed close is a failed step, counted in the report
        catch (Exception exception)
#pragma warning restore CA1031
        {
            stats.Step("close").Record(Response.Fail(Step.Describe(exception)), Stopwatch.GetElapsedTime(start));
        }
    }

    /// <summary>Every visitor was assigned (and its session is now closed), or sent to leave a message;
    /// none is left waiting or unaccounted for.</summary>
    private static async Task<InvariantResult> EveryVisitorAccountedForAsync(HubTarget target, VisitorClient[] visitors, string?[] outcomes, AssignmentLedger assignments, CancellationToken cancellationToken)
    {
        var problems = new ConcurrentQueue<string>();
        await ScenarioParallel.ForAsync(visitors.Length, cancellationToken, async (i, ct) =>
        {
            var visitor = visitors[i];
            switch (outcomes[i])
            {
                case "LeaveMessage":
                    return;
                case "Processing" or "Wait":
                    if (!assignments.WasAssigned(visitor.SessionId!))
                    {
                        problems.Enqueue($"{visitor.VisitorId}: {outcomes[i]} but never pushed to an agent");
                    }

                    var open = await target.Rest.GetVisitorSessionAsync(visitor.VisitorId, ct);
                    if (open is not null)
                    {
                        problems.Enqueue($"{visitor.VisitorId}: session {open.ServiceSessionId} still {open.State}");
                    }

                    return;
                default:
                    problems.Enqueue($"{visitor?.VisitorId ?? $"visitor {i}"}: no StartSession answer ({outcomes[i] ?? "none"})");
                    return;
            }
        });
        return InvariantResult.Check(
            "every visitor assigned, waiting or sent to leave a message",
            problems.IsEmpty,
            problems.IsEmpty ? $"{visitors.Length} visitors: each assigned and closed, or sent to leave a message" : string.Join("; ", problems.Take(10)));
    }
}
