using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>Whole conversations over real WebSockets against the real host (SQLite; see <see cref="PostgresConversationTests"/>).</summary>
public class ConversationTests : HubTestBase
{
    [Fact]
    public async Task Conversation_FromStartToRating()
    {
        await Server.ConfigureAsync(TenantSettings.Default with { WelcomeMessage = "Hello, how can we help?", RatingOnClose = true }, cancellationToken: Ct);
        var summary = await Server.Services.GetRequiredService<ISummaryStore>().CreateSummaryAsync(KefuTestServer.TenantId, "Refund", 1, 0, Ct);
        var agent = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync("Bob");

        var started = await visitor.StartAsync(new StartSessionRequest(Text: "I need a refund"));

        Assert.Equal("Processing", started.State);
        Assert.Equal("Nice alice@test", started.Agent!.Nicename);
        Assert.Equal("Hello, how can we help?", started.Welcome);
        var id = started.ServiceSessionId!;
        var assigned = await agent.Assigned.NextAsync();
        Assert.Equal(id, assigned.Session.ServiceSessionId);
        Assert.Equal("Bob", assigned.Session.VisitorNickname);
        Assert.Equal("I need a refund", (await agent.Messages.NextAsync(m => m.From == "visitor")).Text);

        var sent = await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "order 42"), Ct);
        var atAgent = await agent.Messages.NextAsync(m => m.Seq == sent.Seq);
        Assert.Equal("order 42", atAgent.Text);

        await agent.Connection.InvokeAsync("Typing", new TypingRequest(id, true), Ct);
        Assert.True((await visitor.Typing.NextAsync()).Typing);
        await visitor.Connection.InvokeAsync("Typing", new TypingRequest(id, true), Ct);
        Assert.Equal(id, (await agent.Typing.NextAsync()).ServiceSessionId);

        var reply = await agent.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "refunded"), Ct);
        Assert.Equal(sent.Seq + 1, reply.Seq);
        Assert.Equal("agent", (await visitor.Messages.NextAsync(m => m.Seq == reply.Seq)).From);

        await agent.Connection.InvokeAsync("Close", new CloseRequest(id, [summary.Id], "solved"), Ct);
        Assert.Equal("Terminal", (await visitor.States.NextAsync(s => s.State != "Processing")).State);
        Assert.Equal(id, (await visitor.RatingRequests.NextAsync()).ServiceSessionId);
        await visitor.Connection.InvokeAsync("Rate", new RateRequest(id, 5, "great"), Ct);

        var history = await visitor.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(id), Ct);
        Assert.Equal(["system", "visitor", "visitor", "agent"], history.Select(m => m.From));
        Assert.Equal([1L, 2, 3, 4], history.Select(m => m.Seq));
        var stored = await Server.Services.GetRequiredService<ISessionStore>().GetSessionAsync(KefuTestServer.TenantId, id, Ct);
        Assert.Equal(SessionStateOf("Terminal"), stored!.State);
        Assert.Equal(agent.Agent.UserId, stored.AgentUserId);
        Assert.Equal([summary.Id], stored.SummaryIds);
        Assert.Equal("solved", stored.Comment);
        Assert.Equal(5, stored.EnquirySummary);
        Assert.NotNull(stored.StoppedAt);
    }

    [Fact]
    public async Task SendMessage_SameClientMessageIdTwice_StoredOnceWithTheSameSeq()
    {
        await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        var request = Text(id, "once");

        var first = await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", request, Ct);
        var second = await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", request, Ct);

        Assert.Equal(first, second);
        var history = await visitor.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(id), Ct);
        Assert.Single(history, m => m.Text == "once");
    }

    /// <summary>Issue 10 item 2: a client message id is its sender's; the agent's "msg-1" is not the visitor's "msg-1".</summary>
    [Fact]
    public async Task SendMessage_VisitorAndAgentUseTheSameClientMessageId_BothAreStored()
    {
        var agent = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        var fromVisitor = await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(id, "msg-1", "txt", "the visitor's"), Ct);
        var fromAgent = await agent.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(id, "msg-1", "txt", "the agent's"), Ct);

        Assert.NotEqual(fromVisitor.MessageId, fromAgent.MessageId);
        Assert.Equal(fromVisitor.Seq + 1, fromAgent.Seq);
        var history = await visitor.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(id), Ct);
        Assert.Equal([("visitor", "the visitor's"), ("agent", "the agent's")], history.Select(m => (m.From, m.Text)));
    }

    /// <summary>
    /// Issue 10 item 18: the store holds an open session routing does not know (a write that failed, a lost
    /// state). The store refuses a second open one, and StartSession hands the visitor the stored session.
    /// </summary>
    [Fact]
    public async Task StartSession_StoreHoldsAnOpenSessionRoutingLost_TheVisitorGetsThatOneAndNoSecond()
    {
        await Server.ConfigureAsync(TenantSettings.Default with { WelcomeMessage = "Hello" }, cancellationToken: Ct);
        var agent = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var store = Server.Services.GetRequiredService<ISessionStore>();
        var lost = new SessionRecord
        {
            TenantId = KefuTestServer.TenantId,
            ServiceSessionId = "lost-" + Guid.NewGuid().ToString("N"),
            VisitorId = visitor.Visitor.VisitorId,
            State = KefuHub.Routing.SessionState.Wait,
            CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        };
        await store.UpsertSessionAsync(lost, Ct);

        var started = await visitor.StartAsync(new StartSessionRequest(Text: "hello?"));

        Assert.Equal(lost.ServiceSessionId, started.ServiceSessionId);
        Assert.Equal("Processing", started.State);
        Assert.Null(started.Welcome);
        Assert.Equal(lost.ServiceSessionId, (await agent.Assigned.NextAsync(a => a.Session.ServiceSessionId == lost.ServiceSessionId)).Session.ServiceSessionId);
        var open = (await store.ListOpenSessionsAsync(Ct)).Where(s => s.VisitorId == visitor.Visitor.VisitorId).ToList();
        Assert.Equal([lost.ServiceSessionId], open.Select(s => s.ServiceSessionId));
    }

    [Fact]
    public async Task VisitorConnecting_IsSeen_TheStoreHasItsLastSeenTimeWithinSeconds()
    {
        var visitor = await Server.CreateVisitorAsync(null, Ct);
        var store = Server.Services.GetRequiredService<IVisitorStore>();
        var longAgo = DateTimeOffset.UnixEpoch.AddDays(1);
        await store.TouchVisitorsAsync([new(KefuTestServer.TenantId, visitor.VisitorId, longAgo)], Ct); // Sign-up stamped it: set it back.
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await ReconnectVisitorAsync(visitor);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        var seen = longAgo;
        while (DateTime.UtcNow < deadline && seen == longAgo)
        {
            await Task.Delay(100, Ct);
            seen = (await store.GetVisitorAsync(KefuTestServer.TenantId, visitor.VisitorId, Ct))!.LastSeenAt!.Value;
        }

        Assert.True(seen >= before, $"last seen {seen:O}, connected after {before:O}");
    }

    [Fact]
    public async Task StartSession_Twice_ReturnsTheOpenSession()
    {
        await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();

        var first = await visitor.StartAsync();
        var second = await visitor.StartAsync(new StartSessionRequest(Text: "again"));

        Assert.Equal(first.ServiceSessionId, second.ServiceSessionId);
        Assert.Equal("Processing", second.State);
    }

    [Fact]
    public async Task Reconnect_SameToken_BackInTheSessionAndCatchesUpBySeq()
    {
        var agent = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        var last = await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "before"), Ct);
        await visitor.Connection.StopAsync(Ct);

        for (var i = 0; i < 3; i++)
        {
            await agent.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, $"missed {i}"), Ct);
        }

        var again = await ReconnectVisitorAsync(visitor.Visitor);
        var resumed = await again.StartAsync();
        var missed = await again.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(id, last.Seq), Ct);

        Assert.Equal(id, resumed.ServiceSessionId);
        Assert.Equal(["missed 0", "missed 1", "missed 2"], missed.Select(m => m.Text));
    }

    [Fact]
    public async Task Queue_VisitorsWaitWithLivePositions_AndAreServedInOrder()
    {
        var agent = await OnlineAgentAsync("alice@test", max: 1);
        var first = await ConnectVisitorAsync();
        var second = await ConnectVisitorAsync();
        var third = await ConnectVisitorAsync();

        var served = await first.StartAsync();
        var waiting2 = await second.StartAsync();
        var waiting3 = await third.StartAsync();

        Assert.Equal(("Wait", 1), (waiting2.State, waiting2.QueuePosition));
        Assert.Equal(("Wait", 2), (waiting3.State, waiting3.QueuePosition));
        Assert.Equal(2, (await agent.QueueChanges.NextAsync(q => q.WaitingCount == 2)).WaitingCount);

        await agent.Connection.InvokeAsync("Close", new CloseRequest(served.ServiceSessionId!), Ct);

        var nowServed = await second.States.NextAsync(s => s.State == "Processing");
        Assert.Equal(waiting2.ServiceSessionId, nowServed.ServiceSessionId);
        Assert.Equal("Nice alice@test", nowServed.Agent!.Nicename);
        var moved = await third.Positions.NextAsync(p => p.Position == 1);
        Assert.Equal((waiting3.ServiceSessionId, 1), (moved.ServiceSessionId, moved.WaitingCount));
    }

    [Fact]
    public async Task ManyVisitorsAtOnce_NoAgentAboveCapacity_RestWaitInDistinctPlaces()
    {
        var agents = new List<AgentClient>();
        for (var i = 0; i < 3; i++)
        {
            agents.Add(await OnlineAgentAsync($"agent{i}@test", max: 2));
        }

        var visitors = new List<VisitorClient>();
        for (var i = 0; i < 20; i++)
        {
            visitors.Add(await ConnectVisitorAsync());
        }

        var results = await Task.WhenAll(visitors.Select(v => v.StartAsync()));

        Assert.Equal(6, results.Count(r => r.State == "Processing"));
        Assert.Equal(Enumerable.Range(1, 14), results.Where(r => r.State == "Wait").Select(r => r.QueuePosition!.Value).Order());
        foreach (var agent in agents)
        {
            var workspace = await agent.Connection.InvokeAsync<WorkspaceResult>("GetWorkspace", Ct);
            Assert.Equal(2, workspace.Sessions.Count);
            Assert.Equal(14, workspace.Waiting.Count);
        }
    }

    [Fact]
    public async Task Transfer_ToAgentWithRoom_MovesTheSession_ToAFullAgent_IsRefused()
    {
        var alice = await OnlineAgentAsync("alice@test", max: 1);
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        var bob = await OnlineAgentAsync("bob@test", max: 1);

        await alice.Connection.InvokeAsync("Transfer", new TransferRequest(id, ToAgentUsername: "bob@test"), Ct);

        Assert.Equal(id, (await bob.Assigned.NextAsync()).Session.ServiceSessionId);
        Assert.Equal("Nice bob@test", (await visitor.States.NextAsync(s => s.Agent?.Nicename == "Nice bob@test")).Agent!.Nicename);
        Assert.Equal(id, (await alice.States.NextAsync()).ServiceSessionId);

        var other = await ConnectVisitorAsync();
        var otherId = (await other.StartAsync()).ServiceSessionId!;
        var refused = await Assert.ThrowsAsync<HubException>(() => alice.Connection.InvokeAsync("Transfer", new TransferRequest(otherId, ToAgentUsername: "bob@test"), Ct));
        Assert.Contains("capacity", refused.Message, StringComparison.OrdinalIgnoreCase);
        var stored = await Server.Services.GetRequiredService<ISessionStore>().GetSessionAsync(KefuTestServer.TenantId, id, Ct);
        Assert.True(stored!.Transferred);
    }

    [Fact]
    public async Task Pick_WaitingSessionOfOwnQueue_AssignsIt()
    {
        var alice = await ConnectAgentAsync("alice@test", max: 1);
        await alice.Connection.InvokeAsync("SetState", new SetStateRequest("Busy"), Ct);
        var visitor = await ConnectVisitorAsync();
        var waiting = await visitor.StartAsync();
        Assert.Equal("Wait", waiting.State);

        var picked = await alice.Connection.InvokeAsync<SessionView>("Pick", new SessionRequest(waiting.ServiceSessionId!), Ct);

        Assert.Equal("Processing", picked.State);
        Assert.Equal("alice@test", picked.AgentUsername);
        Assert.Equal(waiting.ServiceSessionId, (await visitor.States.NextAsync(s => s.State == "Processing")).ServiceSessionId);
    }

    [Fact]
    public async Task EndSession_ByVisitorWhileWaiting_IsAbort()
    {
        await ConnectAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        await visitor.Connection.InvokeAsync("EndSession", new SessionRequest(id), Ct);

        Assert.Equal(id, (await visitor.States.NextAsync(s => s.State == "Abort")).ServiceSessionId);
        var stored = await Server.Services.GetRequiredService<ISessionStore>().GetSessionAsync(KefuTestServer.TenantId, id, Ct);
        Assert.Equal(SessionStateOf("Abort"), stored!.State);
    }

    [Fact]
    public async Task Closed_NoAgent_AnswersLeaveMessage_AndTheFormReachesAgents()
    {
        await Server.ConfigureAsync(
            TenantSettings.Default with { OffDutyReminderText = "We are closed." },
            new TimePlanDocument { TimeZone = "UTC", Worktimes = [] },
            Ct);
        var agent = await ConnectAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();

        var answer = await visitor.StartAsync();

        Assert.Equal(("LeaveMessage", null, "We are closed."), (answer.State, answer.ServiceSessionId, answer.OffDutyReminderText));
        var empty = await Assert.ThrowsAsync<HubException>(() => visitor.Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest(Content: ""), Ct));
        Assert.Contains("2000", empty.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => visitor.Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest(Content: new string('x', 2001)), Ct));

        var left = await visitor.Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest("Bob", "123", null, new string('x', 2000)), Ct);

        var pushed = await agent.LeaveMessages.NextAsync();
        Assert.Equal((left.LeaveMessageId, "Bob", 2000), (pushed.LeaveMessageId, pushed.Name, pushed.Content.Length));
    }

    [Fact]
    public async Task Restart_OnTheSameData_KeepsAccounts_AndOpenSessionsComeBackForTheirVisitors()
    {
        var alice = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync(new StartSessionRequest(Text: "before the restart"))).ServiceSessionId!;
        var directory = Server.DataDirectory;
        await Server.DisposeAsync();

        await using var restarted = KefuTestServer.Start(StartSettings, directory);
        var stored = await restarted.Services.GetRequiredService<ISessionStore>().GetSessionAsync(KefuTestServer.TenantId, id, Ct);
        // In-process routing forgot the assignment, so the session waits again; shared routing state kept it
        // (the agent is within its offline grace).
        var expected = RoutingStateOutlivesTheProcess ? ("Processing", alice.Agent.UserId) : ("Wait", (string?)null);
        Assert.Equal((SessionStateOf(expected.Item1), expected.Item2), (stored!.State, stored.AgentUserId));

        await using var back = Track(restarted.VisitorConnection(visitor.Visitor.Token, UseMessagePack));
        await back.StartAsync(Ct);
        var resumed = await back.InvokeAsync<StartSessionResult>("StartSession", new StartSessionRequest(), Ct);
        Assert.Equal((id, expected.Item1), (resumed.ServiceSessionId, resumed.State));
        var token = await restarted.LoginAsync(alice.Agent.Username, "password-" + alice.Agent.Username, Ct);
        await using var agentBack = Track(restarted.AgentConnection(token, UseMessagePack));
        await agentBack.StartAsync(Ct);
        await agentBack.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        var workspace = await agentBack.InvokeAsync<WorkspaceResult>("GetWorkspace", Ct);
        Assert.Equal([id], workspace.Sessions.Select(s => s.ServiceSessionId));
        var history = await back.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(id), Ct);
        Assert.Equal("before the restart", Assert.Single(history).Text);
    }

    /// <summary>True when routing state lives outside the process (Redis), so a restart keeps it.</summary>
    protected virtual bool RoutingStateOutlivesTheProcess => false;

    private static KefuHub.Routing.SessionState SessionStateOf(string name) => Enum.Parse<KefuHub.Routing.SessionState>(name);
}
