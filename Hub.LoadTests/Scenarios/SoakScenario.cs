using System.Collections.Concurrent;
using System.Diagnostics;
using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Framework;
using KefuHub.LoadTests.Invariants;

namespace KefuHub.LoadTests.Scenarios;

/// <summary>
/// <c>soak</c>: a day in the life, compressed. New visitors arrive at <c>--rate</c> a second for
/// <c>--duration</c>; each signs up, connects, starts a session (served at once, or after waiting for one
/// of <c>--agents</c> agents of <c>--capacity</c>), asks three questions a second apart (each answered
/// by the agent: round trips), ends the session and leaves. One visitor in 20 leaves a message instead.
/// Gauges over time: server memory, sessions processing and waiting; steps' latencies per second.
/// </summary>
internal sealed class SoakScenario : ILoadScenario
{
    private const int Questions = 3;
    private const int LeaveMessageEvery = 20;
    private static readonly TimeSpan ThinkTime = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(60);

    public string Name => "soak";

    public string Description => "mixed load: visitors arrive at --rate/s (5) for --duration (60s), chat 3 round trips and leave; --agents (10) of --capacity (5); memory and latency over time";

    public ScenarioDefinition Build(HubTarget? target, ScenarioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(target);
        var agentCount = settings.AgentsOr(10);
        var capacity = settings.CapacityOr(5);
        var rate = settings.RateOr(5);
        var duration = settings.DurationOr(TimeSpan.FromSeconds(60));
        var agents = new ConcurrentDictionary<string, AgentClient>(StringComparer.OrdinalIgnoreCase);
        var acks = new AckLedger();
        var assignments = new AssignmentLedger();
        var watch = new CapacityWatch(target.Rest);
        var outcomes = new ConcurrentQueue<(string VisitorId, string? SessionId, string State)>();
        var late = new List<InvariantResult>();
        var ticks = 0;

        return Scenario.Create(Name, async context =>
            {
                var n = context.InvocationNumber;
                var ct = context.CancellationToken;
                VisitorClient? visitor = null;
                try
                {
                    var connected = await Step.Run("sign-up + connect", context, async () =>
                    {
                        visitor = await target.ConnectVisitorAsync(n, ct);
                        return Response.Ok();
                    });
                    if (!connected.IsOk)
                    {
                        return connected;
                    }

                    if (n % LeaveMessageEvery == LeaveMessageEvery - 1)
                    {
                        outcomes.Enqueue((visitor!.VisitorId, null, "LeaveMessage"));
                        return await Step.Run("leave-message", context, async () =>
                        {
                            await visitor.LeaveMessageAsync($"soak {target.RunId} {n}: please call me back", ct);
                            return Response.Ok();
                        });
                    }

                    var start = Stopwatch.GetTimestamp();
                    Wire.StartSessionResult? answer = null;
                    var started = await Step.Run("start-session", context, async () =>
                    {
                        answer = await visitor!.StartSessionAsync(null, ct);
                        return Response.Ok();
                    });
                    if (!started.IsOk)
                    {
                        return started;
                    }

                    outcomes.Enqueue((visitor!.VisitorId, answer!.ServiceSessionId, answer.State));
                    if (answer.State == "Wait")
                    {
                        var served = await Step.Run("wait", context, async () =>
                        {
                            await visitor.Served.WaitAsync(WaitLimit, ct);
                            return Response.Ok();
                        });
                        if (!served.IsOk)
                        {
                            return served;
                        }
                    }
                    else if (answer.State != "Processing")
                    {
                        return Response.Fail($"StartSession answered {answer.State}");
                    }

                    Step.Record("time-to-assignment", context, Stopwatch.GetElapsedTime(start), Response.Ok());
                    while (assignments.AgentOf(visitor.SessionId!) is null)
                    {
                        // The agent's push may trail the visitor's answer by a little.
                        await Task.Delay(10, ct);
                    }

                    var agent = agents[assignments.AgentOf(visitor.SessionId!)!];
                    for (var q = 0; q < Questions; q++)
                    {
                        var exchange = await RoundTrip.RunAsync(visitor, agent, $"{target.RunId}:{n}:{q}", acks, context);
                        if (!exchange.IsOk)
                        {
                            return exchange;
                        }

                        await Task.Delay(ThinkTime, ct);
                    }

                    return await Step.Run("end-session", context, async () =>
                    {
                        await visitor.EndSessionAsync(ct);
                        return Response.Ok();
                    });
                }
                finally
                {
                    if (visitor is not null)
                    {
                        await visitor.DisposeAsync();
                    }
                }
            })
            .WithPrimaryStep("round-trip")
            .WithDrainTimeout(WaitLimit + TimeSpan.FromSeconds(Questions * 15))
            .WithInit(async context =>
            {
                await ScenarioParallel.ForAsync(agentCount, context.CancellationToken, async (i, token) =>
                {
                    var agent = await target.ConnectAgentAsync(i, capacity, token);
                    agent.Assigned += (a, session) => assignments.Assigned(session.ServiceSessionId, a.Username, a.Sessions.Count);
                    AutoAnswer.Attach(agent, acks, context.Stats);
                    await agent.SetStateAsync("Online", token);
                    agents[agent.Username] = agent;
                });
            })
            .WithLoadSimulations(Simulation.Inject(rate, TimeSpan.FromSeconds(1), duration))
            .WithWarmUpDuration(settings.WarmUpOr(TimeSpan.Zero))
            .WithMonitor(async context =>
            {
                var ct = context.CancellationToken;
                await watch.SampleAsync(ct);
                if (target.ServerResidentBytes() is { } rss)
                {
                    context.Stats.Gauge("server memory", "MB", rss / 1048576.0);
                }

                context.Stats.Gauge("sessions processing", "", agents.Values.Sum(a => a.Sessions.Count));
                context.Stats.Gauge("sessions waiting", "", (await target.Rest.GetWaitingsAsync(ct)).Count);
                if (++ticks % 10 == 0)
                {
                    var check = await HubInvariants.NoDoubleAssignmentAsync(target.Rest, agents.Keys, assignments, ct);
                    if (!check.Passed)
                    {
                        late.Add(check);
                    }
                }
            })
            .WithClean(async context =>
            {
                var ct = context.CancellationToken;
                late.Add(await HubInvariants.NoDoubleAssignmentAsync(target.Rest, agents.Keys, assignments, ct));
                var all = outcomes.ToList();
                var unaccounted = new ConcurrentQueue<string>();
                foreach (var (visitorId, sessionId, state) in all.Where(o => o.State != "LeaveMessage"))
                {
                    if (sessionId is null || !assignments.WasAssigned(sessionId))
                    {
                        unaccounted.Enqueue($"{visitorId}: {state}, never pushed to an agent");
                    }
                }

                late.Add(InvariantResult.Check(
                    "every visitor assigned, waiting or sent to leave a message",
                    unaccounted.IsEmpty,
                    unaccounted.IsEmpty
                        ? $"{all.Count(o => o.State != "LeaveMessage")} sessions each pushed to an agent ({all.Count(o => o.State == "Wait")} after waiting); {all.Count(o => o.State == "LeaveMessage")} left a message"
                        : string.Join("; ", unaccounted.Take(10))));
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
}
