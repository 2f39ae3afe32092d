using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>The single hub calls' rules: agent states, typing relay, rating, specified agents, argument errors.</summary>
public class HubCallTests : HubTestBase
{
    [Fact]
    public async Task SetState_ChangesTheAgentsState_AndTellsAllItsConnections_BadValueIsRefused()
    {
        var alice = await ConnectAgentAsync("alice@test");
        var states = new HubEvents<AgentStateEvent>(alice.Connection, ClientEvents.AgentState);

        await alice.Connection.InvokeAsync("SetState", new SetStateRequest("leave"), Ct);

        Assert.Equal("Leave", (await states.NextAsync()).State);
        Assert.Equal("Leave", (await alice.Connection.InvokeAsync<WorkspaceResult>("GetWorkspace", Ct)).State);
        var error = await Assert.ThrowsAsync<HubException>(() => alice.Connection.InvokeAsync("SetState", new SetStateRequest("Sleeping"), Ct));
        Assert.Contains("state must be one of Offline, Online, Busy, Leave, Hidden", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => alice.Connection.InvokeAsync("SetState", new SetStateRequest("7"), Ct));
    }

    [Fact]
    public async Task Typing_RepeatsWithinTheIntervalAreDropped_ChangesGoThrough()
    {
        var alice = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        for (var i = 0; i < 10; i++)
        {
            await visitor.Connection.InvokeAsync("Typing", new TypingRequest(id, true), Ct);
        }

        await visitor.Connection.InvokeAsync("Typing", new TypingRequest(id, false), Ct);

        Assert.False((await alice.Typing.NextAsync(t => !t.Typing)).Typing);
        Assert.Single(alice.Typing.All, t => t.Typing);
    }

    [Fact]
    public async Task InviteRating_ReachesTheVisitor_RateOutOfRangeIsRefused()
    {
        var alice = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        await alice.Connection.InvokeAsync("InviteRating", new SessionRequest(id), Ct);

        Assert.Equal(id, (await visitor.RatingRequests.NextAsync()).ServiceSessionId);
        var error = await Assert.ThrowsAsync<HubException>(() => visitor.Connection.InvokeAsync("Rate", new RateRequest(id, 6), Ct));
        Assert.Contains("score must be between 1 and 5", error.Message, StringComparison.Ordinal);
        await visitor.Connection.InvokeAsync("Rate", new RateRequest(id, 4, "ok", ["fast"]), Ct);
    }

    [Fact]
    public async Task StartSession_WithASpecifiedAgent_WaitsForThatAgentOnly()
    {
        var alice = await ConnectAgentAsync("alice@test");
        await OnlineAgentAsync("bob@test");
        var visitor = await ConnectVisitorAsync();

        var started = await visitor.StartAsync(new StartSessionRequest(AgentUsername: "alice@test"));
        Assert.Equal("Wait", started.State);

        await alice.Connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);

        Assert.Equal(started.ServiceSessionId, (await alice.Assigned.NextAsync()).Session.ServiceSessionId);
    }

    [Fact]
    public async Task StartSession_UnknownQueueOrAgent_AndMissingArguments_AreRefusedClearly()
    {
        var visitor = await ConnectVisitorAsync();

        var queue = await Assert.ThrowsAsync<HubException>(() => visitor.StartAsync(new StartSessionRequest(QueueId: 999)));
        var agent = await Assert.ThrowsAsync<HubException>(() => visitor.StartAsync(new StartSessionRequest(AgentUsername: "nobody@test")));
        var missing = await Assert.ThrowsAsync<HubException>(() => visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest("", "c", "txt", "x"), Ct));

        Assert.Contains("Queue 999 does not exist.", queue.Message, StringComparison.Ordinal);
        Assert.Contains("Agent 'nobody@test' does not exist.", agent.Message, StringComparison.Ordinal);
        Assert.Contains("serviceSessionId is required.", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentMayNotWriteInAWaitingSessionBeforePickingIt()
    {
        var alice = await ConnectAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        var error = await Assert.ThrowsAsync<HubException>(() => alice.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "hi"), Ct));

        Assert.Contains("pick it before writing in it", error.Message, StringComparison.Ordinal);
        Assert.Equal([id], (await alice.Connection.InvokeAsync<WorkspaceResult>("GetWorkspace", Ct)).Waiting.Items.Select(i => i.ServiceSessionId));
    }
}
