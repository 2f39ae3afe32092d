using KefuHub.Routing;
using KefuHub.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace KefuHub.Tests.Routing;

/// <summary>One tenant's engine over a given store, a fake clock and a recording sink, with terse helpers.</summary>
public sealed class RoutingHarness : IDisposable
{
    public const int Tenant = 1;

    public RoutingHarness(IRoutingStateStore store, FakeTimeProvider? time = null)
    {
        Store = store;
        Time = time ?? TestClock.Create();
        Engine = new RoutingEngine(store, Time, [Sink], NullLogger<RoutingEngine>.Instance);
    }

    public IRoutingStateStore Store { get; }

    public FakeTimeProvider Time { get; }

    public RecordingEventSink Sink { get; } = new();

    public RoutingEngine Engine { get; }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Adds an enabled agent in the given queues, Online unless told otherwise, with one live connection.</summary>
    public async Task AddAgentAsync(string agentId, int max, int[]? queues = null, AgentState state = AgentState.Online)
    {
        Ok(await Engine.UpsertAgentAsync(Tenant, agentId, true, max, Ct));
        Ok(await Engine.AgentConnectedAsync(Tenant, agentId, "conn-" + agentId, Ct));
        foreach (var queue in queues ?? [])
        {
            var members = await Engine.ReadAsync(Tenant, s => s.GetAgents().Where(a => a.QueueIds.Contains(queue)).Select(a => a.AgentId).ToList(), Ct);
            members.Add(agentId);
            Ok(await Engine.SetQueueAsync(Tenant, queue, members, Ct));
        }

        Ok(await Engine.SetAgentStateAsync(Tenant, agentId, state, Ct));
    }

    /// <summary>
    /// Moves the clock, then waits until the deadlines now due have run and their events are out. The
    /// engine's timer fires them by itself, but a store over the network does so asynchronously; the
    /// sweep is the barrier (its events come after those of every command the engine applied before).
    /// </summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Time.Advance(by);
        Ok(await Engine.RunDueDeadlinesAsync(Tenant, Ct));
    }

    public async Task AddQueueAsync(int queueId) => Ok(await Engine.SetQueueAsync(Tenant, queueId, [], Ct));

    /// <summary>Starts a session for a connected visitor; the session id is "s-" + visitor id.</summary>
    public async Task<RoutingDecision> StartAsync(string visitorId, int? queue = null, string? agent = null)
    {
        Ok(await Engine.VisitorConnectedAsync(Tenant, visitorId, "conn-" + visitorId, Ct));
        return await Engine.StartSessionAsync(Tenant, new RoutingRequest("s-" + visitorId, visitorId, queue, agent), Ct);
    }

    public ValueTask<RoutingDecision> CloseAsync(string sessionId, RoutingActor? actor = null) =>
        Engine.EndSessionAsync(Tenant, actor ?? RoutingActor.Admin, sessionId, Ct);

    public ValueTask<SessionSnapshot?> SessionAsync(string sessionId) => Engine.ReadAsync(Tenant, s => s.GetSession(sessionId), Ct);

    public ValueTask<AgentSnapshot?> AgentAsync(string agentId) => Engine.ReadAsync(Tenant, s => s.GetAgent(agentId), Ct);

    public async Task<string?> AgentOfAsync(string sessionId) => (await SessionAsync(sessionId))?.AgentId;

    /// <summary>Fails the test with every broken invariant of the tenant's state.</summary>
    public async Task AssertInvariantsAsync()
    {
        var problems = await Engine.ReadAsync(Tenant, s => s.FindInvariantViolations(), Ct);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    public static RoutingDecision Ok(RoutingDecision decision)
    {
        Assert.True(decision.Succeeded, $"{decision.Error}: {decision.Message}");
        return decision;
    }

    public void Dispose() => Engine.Dispose();
}
