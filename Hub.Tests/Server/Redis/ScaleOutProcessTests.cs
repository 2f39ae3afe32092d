using System.Collections.Concurrent;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Server.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Server.Redis;

/// <summary>
/// Hub nodes as real processes (<c>dotnet KefuHub.Server.dll</c> on loopback ports) over one
/// redis-server and one PostgreSQL database, with clients spread over them: nothing is shared in
/// memory between the nodes, as in a real deployment.
/// </summary>
public sealed class ScaleOutProcessTests(RedisServer redis, PostgresServer postgres) : IAsyncLifetime
{
    private const int StressVisitors = 1000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan StressTimeout = TimeSpan.FromSeconds(90);
    private readonly HubProcesses _nodes = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task VisitorOnProcessAAndAgentOnProcessB_HoldAWholeConversation()
    {
        var settings = await HubProcessSettings.SharedAsync(redis, postgres, Ct);
        var a = await _nodes.StartAsync(settings, Ct);
        var b = await _nodes.StartAsync(settings, Ct);
        var api = await a.ApiTokenAsync(Ct);
        var alice = await OnlineAgentAsync(b, await a.CreateAgentAsync(api, "alice@test", maxServiceSessionCount: 2, Ct));
        var visitor = await _nodes.ConnectVisitorAsync(a, await a.CreateVisitorAsync("Bob", Ct), Ct);

        var started = await visitor.StartAsync(new StartSessionRequest(Text: "hello from process A"));

        Assert.Equal("Processing", started.State);
        Assert.Equal("Nice alice@test", started.Agent!.Nicename);
        var id = started.ServiceSessionId!;
        Assert.Equal(id, (await alice.Assigned.NextAsync(timeout: Timeout)).Session.ServiceSessionId);
        var first = await alice.Messages.NextAsync(m => m.From == "visitor", Timeout);
        Assert.Equal("hello from process A", first.Text);

        var sent = await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "order 42"), Ct);
        Assert.Equal(first.Seq + 1, sent.Seq);
        Assert.Equal("order 42", (await alice.Messages.NextAsync(m => m.Seq == sent.Seq, Timeout)).Text);

        await alice.Connection.InvokeAsync("Typing", new TypingRequest(id, true), Ct);
        Assert.True((await visitor.Typing.NextAsync(timeout: Timeout)).Typing);
        await visitor.Connection.InvokeAsync("Typing", new TypingRequest(id, true), Ct);
        Assert.Equal(id, (await alice.Typing.NextAsync(timeout: Timeout)).ServiceSessionId);

        var reply = await alice.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "refunded"), Ct);
        Assert.Equal(sent.Seq + 1, reply.Seq);
        Assert.Equal("refunded", (await visitor.Messages.NextAsync(m => m.Seq == reply.Seq, Timeout)).Text);
        var again = await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "thanks"), Ct);
        Assert.Equal(reply.Seq + 1, again.Seq);
        Assert.Equal("thanks", (await alice.Messages.NextAsync(m => m.Seq == again.Seq, Timeout)).Text);

        await alice.Connection.InvokeAsync("Close", new CloseRequest(id, null, "solved"), Ct);
        Assert.Equal("Terminal", (await visitor.States.NextAsync(s => s.State != "Processing", Timeout)).State);

        // Read through B, the node the visitor never talked to: every acknowledged message, gap-free.
        var history = await alice.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(id), Ct);
        Assert.Equal(["hello from process A", "order 42", "refunded", "thanks"], history.Select(m => m.Text));
        Assert.Equal([first.Seq, sent.Seq, reply.Seq, again.Seq], history.Select(m => m.Seq));
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(m => m.Seq));
    }

    /// <summary>
    /// <see cref="ScaleOutStressTests"/> with the nodes as processes: no replica to sample, so rule 9 is
    /// checked from what the agents and visitors recorded and from what the database kept.
    /// </summary>
    [Fact]
    public async Task AThousandSessionsOverThreeProcesses_WithStateChangesPicksTransfersAndCloses_KeepEveryInvariant()
    {
        var settings = await HubProcessSettings.SharedAsync(redis, postgres, Ct);
        foreach (var (key, value) in ScaleOutStress.Limits)
        {
            settings[key] = value;
        }

        var nodes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => _nodes.StartAsync(settings, Ct)));
        var api = await nodes[0].ApiTokenAsync(Ct);
        var violations = new ConcurrentQueue<string>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var agents = new List<StressAgent>();
        for (var i = 0; i < ScaleOutStress.Agents; i++)
        {
            var node = nodes[i % 3];
            var agent = await node.CreateAgentAsync(api, $"agent{i}@test", ScaleOutStress.Capacity, Ct);
            agents.Add(new StressAgent(_nodes.Add(node.Connection("hubs/agent", agent.Token)), agent.Username, ScaleOutStress.Capacity, ScaleOutStress.Agents, violations));
            await agents[^1].StartAsync(stop.Token);
        }

        var visits = new ConcurrentQueue<StressVisit>();
        await Parallel.ForAsync(0, StressVisitors, new ParallelOptions { MaxDegreeOfParallelism = ScaleOutStress.VisitorsAtOnce, CancellationToken = Ct }, async (i, ct) =>
        {
            var node = nodes[i % 3];
            var visitor = await node.CreateVisitorAsync($"v{i}", ct);
            await using var connection = node.Connection("hubs/visitor", visitor.Token);
            visits.Enqueue(await ScaleOutStress.VisitAsync(connection, visitor, i, StressTimeout, async (id, ct) =>
                $"the database has it as {await ScaleOutStress.DescribeStoredSessionAsync(settings["ConnectionStrings:Postgres"], id, ct)}; {StressAgent.Describe(agents, id)}", ct));
        });

        await stop.CancelAsync();
        Assert.True(violations.IsEmpty, string.Join("\n", violations.Take(20)));
        Assert.Empty(StressAgent.FindSessionsHeldTwice(agents));
        StressAgent.Report(agents);
        Assert.Equal(StressVisitors, visits.Count);
        var stored = await ScaleOutStress.FindStoredProblemsAsync(settings["ConnectionStrings:Postgres"], visits, Ct);
        Assert.True(stored.Count == 0, string.Join("\n", stored.Take(20)));
        var online = await nodes[1].SendAsync(HttpMethod.Get, $"/api/tenants/{KefuTestServer.TenantId}/agents/online", api, null, Ct);
        Assert.All(online.GetProperty("entities").EnumerateArray(), a => Assert.Equal(0, a.GetProperty("currentSessionCount").GetInt32()));
    }

    private async Task<AgentClient> OnlineAgentAsync(HubProcess node, TestAgent agent)
    {
        var client = await _nodes.ConnectAgentAsync(node, agent, Ct);
        await client.Connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        return client;
    }

    private static SendMessageRequest Text(string sessionId, string text) => new(sessionId, Guid.NewGuid().ToString(), "txt", text);
}
