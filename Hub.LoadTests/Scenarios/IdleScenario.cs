using System.Collections.Concurrent;
using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Framework;
using KefuHub.LoadTests.Hosting;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.LoadTests.Scenarios;

/// <summary>
/// <c>idle</c>: how many connections one node holds, and the server memory each costs. <c>--visitors</c>
/// visitors sign up and connect at <c>--rate</c> a second (step <c>connect</c>: sign-up plus WebSocket
/// and SignalR handshake), then all stay connected for <c>--duration</c>. One in 100 also starts a
/// session, which waits (no agent is online), so the hub holds waiting sessions too. Metrics: the
/// hub's resident memory (VmRSS) and proportional set (Pss) before and after, and per connection.
/// Past about 28,000 connections use <c>--source-addresses</c> and raise <c>ulimit -n</c>.
/// </summary>
internal sealed class IdleScenario : ILoadScenario
{
    private const int WaitingEvery = 100;

    public string Name => "idle";

    public string Description => "--visitors connections (10000) opened at --rate/s (1000) and held for --duration (10s); server memory per connection";

    public ScenarioDefinition Build(HubTarget? target, ScenarioSettings settings)
    {
        ArgumentNullException.ThrowIfNull(target);
        var count = settings.VisitorsOr(10_000);
        var rate = settings.RateOr(1000);
        var hold = settings.DurationOr(TimeSpan.FromSeconds(10));
        var visitors = new VisitorClient?[count];
        var closed = 0;
        var waiting = new ConcurrentQueue<VisitorClient>();
        long? rssBefore = null;
        long? pssBefore = null;
        var late = new List<InvariantResult>();

        return Scenario.Create(Name, async context =>
            {
                var n = context.InvocationNumber;
                if (n >= count)
                {
                    return Response.Ok();
                }

                var connected = await Step.Run("connect", context, async () =>
                {
                    var visitor = await target.ConnectVisitorAsync(n, context.CancellationToken);
                    visitor.Connection.Closed += _ =>
                    {
                        Interlocked.Increment(ref closed);
                        return Task.CompletedTask;
                    };
                    visitors[n] = visitor;
                    return Response.Ok();
                });
                if (!connected.IsOk || n % WaitingEvery != 0)
                {
                    return connected;
                }

                return await Step.Run("start-session (waits)", context, async () =>
                {
                    var visitor = visitors[n]!;
                    var answer = await visitor.StartSessionAsync(null, context.CancellationToken);
                    waiting.Enqueue(visitor);
                    return answer.State == "Wait" ? Response.Ok() : Response.Fail($"StartSession answered {answer.State}, expected Wait");
                });
            })
            .WithInit(async context =>
            {
                // Warm the hub's code paths (first sign-up, first connection) before the baseline.
                await using var warm = await target.ConnectVisitorAsync(-1, context.CancellationToken);
                await Task.Delay(500, context.CancellationToken);
                rssBefore = target.ServerResidentBytes();
                pssBefore = target.ServerProcessIds.Count == 1 ? ProcessMemory.ProportionalBytes(target.ServerProcessIds[0]) : null;
            })
            // Connecting queues behind the hub when --rate is more than it accepts; let the queue finish.
            .WithDrainTimeout(TimeSpan.FromMinutes(2))
            .WithLoadSimulations(
                Simulation.Inject(rate, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(Math.Ceiling(count / (double)rate))),
                Simulation.Pause(hold))
            .WithMonitor(context =>
            {
                if (target.ServerResidentBytes() is { } rss)
                {
                    context.Stats.Gauge("server memory", "MB", rss / 1048576.0);
                }

                context.Stats.Gauge("connections", "", visitors.Count(v => v?.Connection.State == HubConnectionState.Connected));
                return Task.CompletedTask;
            })
            .WithClean(async context =>
            {
                var ct = context.CancellationToken;
                var open = visitors.Count(v => v?.Connection.State == HubConnectionState.Connected);
                context.Stats.Metric("connections held", open, "");
                var rssAfter = target.ServerResidentBytes();
                if (rssBefore is { } before && rssAfter is { } after)
                {
                    context.Stats.Metric("server memory before (VmRSS)", before / 1048576.0, "MB");
                    context.Stats.Metric("server memory with the connections (VmRSS)", after / 1048576.0, "MB");
                    context.Stats.Metric("server memory per connection (VmRSS)", (after - before) / 1024.0 / Math.Max(open, 1), "KB");
                }

                if (pssBefore is { } pss0 && ProcessMemory.ProportionalBytes(target.ServerProcessIds[0]) is { } pss1)
                {
                    context.Stats.Metric("server memory per connection (Pss)", (pss1 - pss0) / 1024.0 / Math.Max(open, 1), "KB");
                }

                context.Stats.Metric("load generator memory (VmRSS)", Environment.WorkingSet / 1048576.0, "MB");
                late.Add(InvariantResult.Check(
                    "every connection held",
                    open == count && Volatile.Read(ref closed) == 0,
                    $"{open} of {count} connected at the end; {Volatile.Read(ref closed)} closed during the hold"));
                late.Add(await EveryWaitingVisitorWaitsAsync(target, waiting, ct));
                await ScenarioParallel.ForEachAsync(visitors.OfType<VisitorClient>(), ct, async (v, _) => await v.DisposeAsync());
            })
            .WithInvariants(ct => Task.FromResult<IReadOnlyList<InvariantResult>>(late));
    }

    /// <summary>Every visitor that started a session is waiting in it (the hub lost none of them).</summary>
    private static async Task<InvariantResult> EveryWaitingVisitorWaitsAsync(HubTarget target, IEnumerable<VisitorClient> waiting, CancellationToken cancellationToken)
    {
        var problems = new ConcurrentQueue<string>();
        var list = waiting.ToList();
        await ScenarioParallel.ForEachAsync(list, cancellationToken, async (visitor, ct) =>
        {
            var session = await target.Rest.GetVisitorSessionAsync(visitor.VisitorId, ct);
            if (session is null || session.State != "Wait" || session.ServiceSessionId != visitor.SessionId)
            {
                problems.Enqueue($"{visitor.VisitorId}: {(session is null ? "no open session" : $"{session.ServiceSessionId} {session.State}")}");
            }
        });
        var count = (await target.Rest.GetWaitingsAsync(cancellationToken)).Count;
        if (count < list.Count)
        {
            problems.Enqueue($"/waitings counts {count}, fewer than the {list.Count} started");
        }

        return InvariantResult.Check(
            "every visitor assigned, waiting or sent to leave a message",
            problems.IsEmpty,
            problems.IsEmpty ? $"{list.Count} sessions started, each waiting; /waitings counts {count}" : string.Join("; ", problems.Take(10)));
    }
}
