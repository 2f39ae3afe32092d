using System.Collections.Concurrent;
using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Framework;
using KefuHub.LoadTests.Invariants;

namespace KefuHub.LoadTests.Scenarios;

/// <summary>
/// <c>chat</c>: steady messages visitor → agent → visitor. Set-up: <c>--agents</c> agents of
/// <c>--capacity</c> go Online and <c>--visitors</c> visitors each open a session. Load: <c>--rate</c>
/// messages a second for <c>--duration</c>, round robin over the sessions; each agent answers every
/// visitor message at once. Steps: <c>send</c> (the visitor's acknowledgement), <c>deliver</c> (send
/// to the agent's push), <c>round-trip</c> (send to the visitor's push of the agent's answer).
/// </summary>
internal sealed class ChatScenario : ILoadScenario
{
    public string Name => "chat";

    public string Description => "steady visitor → agent → visitor messages: --visitors sessions (50), --agents (10) of --capacity (10), --rate messages/s (100), --duration (30s)";

    public ScenarioDefinition Build(HubTarget? target, ScenarioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(target);
        var agentCount = settings.AgentsOr(10);
        var capacity = settings.CapacityOr(10);
        var sessions = settings.VisitorsOr(50);
        var rate = settings.RateOr(100);
        var duration = settings.DurationOr(TimeSpan.FromSeconds(30));
        if (sessions > agentCount * capacity)
        {
            throw new ArgumentException($"chat needs every visitor served: --visitors {sessions} is more than --agents {agentCount} × --capacity {capacity}.");
        }

        var agents = new ConcurrentDictionary<string, AgentClient>(StringComparer.OrdinalIgnoreCase);
        var visitors = new VisitorClient[sessions];
        var acks = new AckLedger();
        var assignments = new AssignmentLedger();
        var watch = new CapacityWatch(target.Rest);
        var cpu = new ServerCpuMeter(target, "round-trip");
        var late = new List<InvariantResult>();
        var prefix = $"{target.RunId}";

        return Scenario.Create(Name, async context =>
            {
                var n = context.InvocationNumber;
                var visitor = visitors[n % sessions];
                var agent = agents[assignments.AgentOf(visitor.SessionId!)!];
                return await RoundTrip.RunAsync(visitor, agent, $"{prefix}:{n}", acks, context);
            })
            .WithPrimaryStep("round-trip")
            .WithInit(async context =>
            {
                var ct = context.CancellationToken;
                await ScenarioParallel.ForAsync(agentCount, ct, async (i, token) =>
                {
                    var agent = await target.ConnectAgentAsync(i, capacity, token);
                    agent.Assigned += (a, session) => assignments.Assigned(session.ServiceSessionId, a.Username, a.Sessions.Count);
                    AutoAnswer.Attach(agent, acks, context.Stats);
                    await agent.SetStateAsync("Online", token);
                    agents[agent.Username] = agent;
                });
                await ScenarioParallel.ForAsync(sessions, ct, async (i, token) =>
                {
                    var visitor = await target.ConnectVisitorAsync(i, token);
                    visitors[i] = visitor;
                    var started = await visitor.StartSessionAsync(null, token);
                    if (started.State == "Wait")
                    {
                        await visitor.Served.WaitAsync(TimeSpan.FromSeconds(30), token);
                    }
                    else if (started.State != "Processing")
                    {
                        throw new InvalidOperationException($"StartSession answered {started.State}; chat needs agents Online and the tenant open.");
                    }

                    // The agent's push may trail the visitor's answer.
                    while (assignments.AgentOf(visitor.SessionId!) is null)
                    {
                        await Task.Delay(10, token);
                    }
                });
            })
            .WithLoadSimulations(Simulation.Inject(rate, TimeSpan.FromSeconds(1), duration))
            .WithWarmUpDuration(settings.WarmUpOr(TimeSpan.Zero))
            .WithMonitor(async context =>
            {
                await watch.SampleAsync(context.CancellationToken);
                cpu.Sample(context.Stats);
                if (target.ServerResidentBytes() is { } rss)
                {
                    context.Stats.Gauge("server memory", "MB", rss / 1048576.0);
                }
            })
            .WithClean(async context =>
            {
                cpu.Report(context.Stats);
                var ct = context.CancellationToken;
                late.Add(await HubInvariants.NoDoubleAssignmentAsync(target.Rest, agents.Keys, assignments, ct));
                late.Add(await EveryVisitorServedAsync(target, visitors, assignments, ct));
                await ScenarioParallel.ForEachAsync(agents.Values, ct, async (agent, token) =>
                {
                    foreach (var session in agent.Sessions.Keys)
                    {
                        await Step.Run("close", context, async () =>
                        {
                            await agent.CloseAsync(session, token);
                            return Response.Ok();
                        });
                    }
                });
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

    /// <summary>Every visitor's session is open, Processing, under the agent it was pushed to.</summary>
    private static async Task<InvariantResult> EveryVisitorServedAsync(HubTarget target, VisitorClient[] visitors, AssignmentLedger assignments, CancellationToken cancellationToken)
    {
        var problems = new ConcurrentQueue<string>();
        await ScenarioParallel.ForEachAsync(visitors, cancellationToken, async (visitor, ct) =>
        {
            if (visitor?.SessionId is null)
            {
                problems.Enqueue("a visitor has no session");
                return;
            }

            var session = await target.Rest.GetVisitorSessionAsync(visitor.VisitorId, ct);
            if (session is null || session.State != "Processing" || session.ServiceSessionId != visitor.SessionId
                || !string.Equals(session.AgentUsername, assignments.AgentOf(visitor.SessionId), StringComparison.OrdinalIgnoreCase))
            {
                problems.Enqueue($"{visitor.VisitorId}: {(session is null ? "no open session" : $"{session.ServiceSessionId} {session.State} under {session.AgentUsername}")}");
            }
        });
        return InvariantResult.Check(
            "every visitor assigned",
            problems.IsEmpty,
            problems.IsEmpty ? $"{visitors.Length} visitors, each Processing under the agent it was pushed to" : string.Join("; ", problems.Take(10)));
    }
}
