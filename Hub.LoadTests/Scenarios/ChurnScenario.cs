using System.Collections.Concurrent;
using System.Diagnostics;
using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Framework;
using KefuHub.LoadTests.Invariants;

namespace KefuHub.LoadTests.Scenarios;

/// <summary>
/// <c>churn</c>: sign-up and connect/disconnect loops. <c>--visitors</c> copies loop for
/// <c>--duration</c> (KeepConstant): sign up, connect, start a session (served by one of
/// <c>--agents</c> agents of <c>--capacity</c>), send a message, end the session, disconnect. Then
/// everything must be back where it started: no session open or waiting, every agent at zero load,
/// and the hub's memory near its baseline (measured before and after, with a settle pause); over
/// several nodes, Redis holds as many keys and subscribed channels as before.
/// </summary>
internal sealed class ChurnScenario : ILoadScenario
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    /// <summary>How long Redis may take to drop what the last disconnects left (unsubscribes, expiring keys).</summary>
    private static readonly TimeSpan RedisSettle = TimeSpan.FromSeconds(15);

    /// <summary>Growth tolerated after the churn: the GC keeps what it grew into for a while.</summary>
    private const long MemoryToleranceBytes = 96L * 1024 * 1024;

    public string Name => "churn";

    public string Description => "--visitors copies (20) loop sign-up → connect → session → message → end → disconnect for --duration (20s), --agents (5) of --capacity (10); state and memory back to baseline";

    public ScenarioDefinition Build(HubTarget? target, ScenarioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(target);
        var copies = settings.VisitorsOr(20);
        var agentCount = settings.AgentsOr(5);
        var capacity = settings.CapacityOr(10);
        var duration = settings.DurationOr(TimeSpan.FromSeconds(20));
        if (copies > agentCount * capacity)
        {
            throw new ArgumentException($"churn needs a free agent for every copy: --visitors {copies} is more than --agents {agentCount} × --capacity {capacity}.");
        }

        var agents = new ConcurrentDictionary<string, AgentClient>(StringComparer.OrdinalIgnoreCase);
        var acks = new AckLedger();
        var assignments = new AssignmentLedger();
        var watch = new CapacityWatch(target.Rest);
        var churned = new ConcurrentQueue<string>();
        var served = new ConcurrentQueue<string>();
        var late = new List<InvariantResult>();
        long? rssBefore = null;
        (long Keys, int Channels)? redisBefore = null;

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

                    churned.Enqueue(visitor!.VisitorId);
                    var started = await Step.Run("start-session", context, async () =>
                    {
                        var answer = await visitor.StartSessionAsync(null, ct);
                        if (answer.ServiceSessionId is { } id)
                        {
                            served.Enqueue(id);
                        }

                        if (answer.State == "Wait")
                        {
                            await visitor.Served.WaitAsync(TimeSpan.FromSeconds(30), ct);
                        }

                        return answer.State is "Processing" or "Wait" ? Response.Ok() : Response.Fail($"StartSession answered {answer.State}");
                    });
                    if (!started.IsOk)
                    {
                        return started;
                    }

                    var text = $"churn:{target.RunId}:{n}";
                    var sent = await Step.Run("message", context, async () =>
                    {
                        acks.Acked(visitor.SessionId!, text, await visitor.SendAsync($"c-{target.RunId}-{n}", text, ct));
                        return Response.Ok(text.Length);
                    });
                    var ended = await Step.Run("end-session", context, async () =>
                    {
                        await visitor.EndSessionAsync(ct);
                        return Response.Ok();
                    });
                    return !sent.IsOk ? sent : ended;
                }
                finally
                {
                    if (visitor is not null)
                    {
                        var start = Stopwatch.GetTimestamp();
                        await visitor.DisposeAsync();
                        Step.Record("disconnect", context, Stopwatch.GetElapsedTime(start), Response.Ok());
                    }
                }
            })
            .WithInit(async context =>
            {
                var ct = context.CancellationToken;
                await ScenarioParallel.ForAsync(agentCount, ct, async (i, token) =>
                {
                    var agent = await target.ConnectAgentAsync(i, capacity, token);
                    agent.Assigned += (a, session) => assignments.Assigned(session.ServiceSessionId, a.Username, a.Sessions.Count);
                    await agent.SetStateAsync("Online", token);
                    agents[agent.Username] = agent;
                });
                await using (var warm = await target.ConnectVisitorAsync(-1, ct))
                {
                    // Warms the sign-up and connect paths before the memory baseline.
                }

                await Task.Delay(Settle, ct);
                rssBefore = target.ServerResidentBytes();
                redisBefore = target.Redis is { } redis ? await redis.CountAsync() : null;
            })
            .WithLoadSimulations(Simulation.KeepConstant(copies, duration))
            .WithMonitor(async context =>
            {
                await watch.SampleAsync(context.CancellationToken);
                if (target.ServerResidentBytes() is { } rss)
                {
                    context.Stats.Gauge("server memory", "MB", rss / 1048576.0);
                }
            })
            .WithClean(async context =>
            {
                var ct = context.CancellationToken;
                await Task.Delay(Settle, ct);
                late.Add(await BackToBaselineAsync(target, agents.Keys, churned, ct));
                var sessions = served.ToList();
                var unassigned = sessions.Where(s => !assignments.WasAssigned(s)).ToList();
                late.Add(InvariantResult.Check(
                    "every visitor assigned, waiting or sent to leave a message",
                    unassigned.Count == 0,
                    unassigned.Count == 0 ? $"{sessions.Count} sessions started, each pushed to an agent" : $"{unassigned.Count} never pushed to an agent, e.g. {unassigned[0]}"));
                if (rssBefore is { } before && target.ServerResidentBytes() is { } after)
                {
                    context.Stats.Metric("server memory before (VmRSS)", before / 1048576.0, "MB");
                    context.Stats.Metric("server memory after (VmRSS)", after / 1048576.0, "MB");
                    context.Stats.Metric("loops", churned.Count, "");
                    late.Add(InvariantResult.Check(
                        "server memory back to baseline",
                        after - before <= MemoryToleranceBytes,
                        $"{before / 1048576.0:F0} MB before, {after / 1048576.0:F0} MB after {churned.Count} loops (tolerance {MemoryToleranceBytes / 1048576} MB)"));
                }

                if (target.Redis is { } redis && redisBefore is { } baseline)
                {
                    late.Add(await RedisBackToBaselineAsync(redis, baseline, ct));
                }

                await ScenarioParallel.ForEachAsync(agents.Values, ct, async (a, _) => await a.DisposeAsync());
                await target.DeleteAgentsAsync(ct);
            })
            .WithInvariants(async ct =>
            [
                await HubInvariants.CapacityAsync(target.Rest, watch, assignments, capacity, ct),
                InvariantResult.Check("no double assignment", assignments.AssignedTwice().Count == 0, $"{assignments.Sessions} sessions pushed once each"),
                .. late,
                await HubInvariants.NoLostAcknowledgedMessageAsync(target.Rest, acks, ct),
            ]);
    }

    private static async Task<InvariantResult> RedisBackToBaselineAsync(Hosting.RedisInstance redis, (long Keys, int Channels) before, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        var after = await redis.CountAsync();
        while (after != before && waited.Elapsed < RedisSettle)
        {
            // Unsubscribes of the last connections reach Redis after their disconnects return.
            await Task.Delay(250, cancellationToken);
            after = await redis.CountAsync();
        }

        return InvariantResult.Check(
            "Redis keys and subscriptions back to baseline",
            after == before,
            $"keys {before.Keys} before, {after.Keys} after; subscribed channels {before.Channels} before, {after.Channels} after");
    }

    /// <summary>No churned visitor has a session open, nothing waits, and every agent is at zero load.</summary>
    private static async Task<InvariantResult> BackToBaselineAsync(HubTarget target, IEnumerable<string> agents, IEnumerable<string> visitors, CancellationToken cancellationToken)
    {
        var problems = new ConcurrentQueue<string>();
        var names = agents.ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var agent in (await target.Rest.GetOnlineAgentsAsync(cancellationToken)).Where(a => names.Contains(a.Username) && a.CurrentSessionCount != 0))
        {
            problems.Enqueue($"{agent.Username} still at {agent.CurrentSessionCount}");
        }

        var waiting = await target.Rest.GetWaitingsAsync(cancellationToken);
        if (waiting.Count != 0)
        {
            problems.Enqueue($"{waiting.Count} sessions still waiting");
        }

        var list = visitors.ToList();
        await ScenarioParallel.ForEachAsync(list, cancellationToken, async (visitor, ct) =>
        {
            if (await target.Rest.GetVisitorSessionAsync(visitor, ct) is { } open)
            {
                problems.Enqueue($"{visitor}: session {open.ServiceSessionId} still {open.State}");
            }
        });
        return InvariantResult.Check(
            "state back to baseline",
            problems.IsEmpty,
            problems.IsEmpty ? $"{list.Count} churned visitors, none with an open session; nothing waiting; every agent at 0" : string.Join("; ", problems.Take(10)));
    }
}
