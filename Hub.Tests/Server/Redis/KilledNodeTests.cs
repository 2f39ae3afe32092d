using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Server.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Server.Redis;

/// <summary>
/// Two hub nodes as real processes over one redis-server and one PostgreSQL, and one of them killed with
/// SIGKILL mid-chat: nothing of it runs its shutdown, as when a machine dies.
/// </summary>
public sealed class KilledNodeTests(RedisServer redis, PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly HubProcesses _nodes = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task SigkillOfANode_ItsVisitorContinuesOnTheOther_ItsAgentGoesOffline_AndTheWaitingOrderIsKept()
    {
        var settings = await HubProcessSettings.SharedAsync(redis, postgres, Ct);
        settings["Redis:HeartbeatSeconds"] = "1";
        settings["Redis:NodeTimeoutSeconds"] = "3";
        var a = await _nodes.StartAsync(settings, Ct);
        var b = await _nodes.StartAsync(settings, Ct);
        var api = await a.ApiTokenAsync(Ct);
        await a.SendAsync(HttpMethod.Put, $"/api/tenants/{KefuTestServer.TenantId}/settings", api, new { agentOfflineGraceSeconds = 1, visitorWaitGraceSeconds = 120 }, Ct);
        var alice = await AgentAsync(b, a, api, "alice@test");
        var bob = await AgentAsync(a, a, api, "bob@test");
        await alice.Connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);

        // The first visitor, on B, is served by alice, on B; two more, on A, wait behind it.
        var first = await b.CreateVisitorAsync("first", Ct);
        var onB = await VisitorAsync(b, first);
        var served = await onB.StartAsync(new StartSessionRequest(Text: "before the crash"));
        Assert.Equal("Processing", served.State);
        var sessionId = served.ServiceSessionId!;
        var second = await VisitorAsync(a, await a.CreateVisitorAsync("second", Ct));
        var third = await VisitorAsync(a, await a.CreateVisitorAsync("third", Ct));
        var secondId = (await second.StartAsync()).ServiceSessionId!;
        var thirdId = (await third.StartAsync()).ServiceSessionId!;

        b.Kill();

        // The first visitor reconnects to A with its token and goes on in the same session.
        var onA = await VisitorAsync(a, first);
        var sent = await onA.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(sessionId, "after-crash", "txt", "after the crash"), Ct);
        var history = await onA.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(sessionId), Ct);
        Assert.Equal(["before the crash", "after the crash"], history.Where(m => m.From == "visitor").Select(m => m.Text));
        Assert.Contains(history, m => m.Seq == sent.Seq);

        // Rule 7 for alice, whose only connection died with B: Offline, and her session waits again at its first place.
        var waiting = await WaitingAsync(a, api);
        var deadline = DateTime.UtcNow + Timeout;
        while (waiting.Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct); // the reaper's beat, then alice's grace: nothing to await across processes
            waiting = await WaitingAsync(a, api);
        }

        Assert.Equal([sessionId, secondId, thirdId], waiting);
        var online = await a.SendAsync(HttpMethod.Get, $"/api/tenants/{KefuTestServer.TenantId}/agents/online", api, null, Ct);
        Assert.DoesNotContain(online.GetProperty("entities").EnumerateArray(), e => e.GetProperty("username").GetString() == "alice@test" && e.GetProperty("state").GetString() != "Offline");

        // Bob, on A, takes the oldest first.
        await bob.Connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        Assert.Equal(sessionId, (await bob.Assigned.NextAsync(timeout: Timeout)).Session.ServiceSessionId);
        Assert.Contains(await bob.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(sessionId), Ct), m => m.Text == "after the crash");
    }

    private async Task<AgentClient> AgentAsync(HubProcess node, HubProcess admin, string api, string username) =>
        await _nodes.ConnectAgentAsync(node, await admin.CreateAgentAsync(api, username, maxServiceSessionCount: 1, Ct), Ct);

    private static async Task<List<string?>> WaitingAsync(HubProcess node, string api) =>
        (await node.SendAsync(HttpMethod.Get, $"/api/tenants/{KefuTestServer.TenantId}/waitings?size=100", api, null, Ct))
            .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serviceSessionId").GetString()).ToList();

    private Task<VisitorClient> VisitorAsync(HubProcess node, TestVisitor visitor) => _nodes.ConnectVisitorAsync(node, visitor, Ct);
}
