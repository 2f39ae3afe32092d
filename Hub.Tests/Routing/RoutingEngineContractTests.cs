using KefuHub.Routing;
using static KefuHub.Tests.Routing.RoutingHarness;

namespace KefuHub.Tests.Routing;

/// <summary>
/// One test per routing rule of CONTRACT.md, written once against <see cref="IRoutingStateStore"/>:
/// every store (in-memory now, Redis later) runs this same suite. Each test ends by checking the
/// state's invariants.
/// </summary>
public abstract class RoutingEngineContractTests : IDisposable
{
    private RoutingHarness? _harness;

    protected RoutingHarness H => _harness ??= new RoutingHarness(CreateStore());

    private RoutingEngine Engine => H.Engine;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract IRoutingStateStore CreateStore();

    public void Dispose()
    {
        _harness?.Dispose();
        GC.SuppressFinalize(this);
    }

    // Rule 1 and 2: eligibility and the new-session decision.
    [Fact]
    public async Task StartSession_EligibleAgent_AssignsAtOnce()
    {
        await H.AddAgentAsync("alice", max: 2, queues: [1]);

        var decision = await H.StartAsync("v1", queue: 1);

        Assert.Equal(RoutingDecisionKind.Assigned, decision.Kind);
        Assert.Equal("alice", decision.Session!.AgentId);
        Assert.Equal(SessionState.Processing, decision.Session.State);
        var assigned = Assert.Single(H.Sink.OfType<RoutingEvent.SessionAssigned>());
        Assert.Equal(AssignmentReason.Routed, assigned.Reason);
        await H.AssertInvariantsAsync();
    }

    [Theory]
    [InlineData(AgentState.Busy)]
    [InlineData(AgentState.Leave)]
    [InlineData(AgentState.Hidden)]
    [InlineData(AgentState.Offline)]
    public async Task StartSession_AgentNotOnline_IsNotEligible(AgentState state)
    {
        await H.AddAgentAsync("alice", max: 2, queues: [1], state: state);

        var decision = await H.StartAsync("v1", queue: 1);

        Assert.Equal(RoutingDecisionKind.Queued, decision.Kind);
        Assert.Null(decision.Session!.AgentId);
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task StartSession_DisabledAgent_IsNotEligible()
    {
        await H.AddAgentAsync("alice", max: 2, queues: [1]);
        Ok(await Engine.UpsertAgentAsync(Tenant, "alice", enabled: false, 2, Ct));

        var decision = await H.StartAsync("v1", queue: 1);

        Assert.Equal(RoutingDecisionKind.Queued, decision.Kind);
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task StartSession_AgentOfAnotherQueue_IsNotEligible()
    {
        await H.AddAgentAsync("alice", max: 2, queues: [1]);
        await H.AddQueueAsync(2);

        var decision = await H.StartAsync("v1", queue: 2);

        Assert.Equal(RoutingDecisionKind.Queued, decision.Kind);
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task StartSession_NoQueueAndNoDefault_AnyAgentServes()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [7]);

        var decision = await H.StartAsync("v1");

        Assert.Equal("alice", decision.Session!.AgentId);
        Assert.Null(decision.Session.QueueId);
    }

    [Fact]
    public async Task StartSession_NoQueue_GoesToTheDefaultQueue()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.AddAgentAsync("bob", max: 1, queues: [2]);
        Ok(await Engine.ConfigureTenantAsync(Tenant, new TenantRoutingSettings { DefaultQueueId = 2 }, Ct));

        var decision = await H.StartAsync("v1");

        Assert.Equal(2, decision.Session!.QueueId);
        Assert.Equal("bob", decision.Session.AgentId);
    }

    [Fact]
    public async Task StartSession_UnknownQueueOrAgent_IsRejectedAndCreatesNothing()
    {
        var badQueue = await H.StartAsync("v1", queue: 99);
        var badAgent = await H.StartAsync("v2", agent: "nobody");

        Assert.Equal(RoutingError.QueueNotFound, badQueue.Error);
        Assert.Equal(RoutingError.AgentNotFound, badAgent.Error);
        Assert.Null(await Engine.ReadAsync(Tenant, s => s.GetOpenSession("v1"), Ct));
        Assert.Empty(H.Sink.OfType<RoutingEvent.SessionQueued>());
    }

    [Fact]
    public async Task StartSession_AllAgentsAtCapacity_QueuesInsideHours()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.StartAsync("v1", queue: 1);

        var decision = await H.StartAsync("v2", queue: 1);

        Assert.Equal(RoutingDecisionKind.Queued, decision.Kind);
        Assert.Equal(1, decision.Position!.Position);
        Assert.Equal(SessionState.Wait, decision.Session!.State);
        Assert.Equal(QueueReason.New, Assert.Single(H.Sink.OfType<RoutingEvent.SessionQueued>()).Reason);
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task StartSession_ClosedAndNobodyFree_OffersTheFormAndCreatesNoSession()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.StartAsync("v1", queue: 1);
        Ok(await Engine.ConfigureTenantAsync(Tenant, new TenantRoutingSettings { TimePlan = ClosedNow() }, Ct));
        H.Sink.Clear();

        var decision = await H.StartAsync("v2", queue: 1);

        Assert.Equal(RoutingDecisionKind.LeaveMessage, decision.Kind);
        Assert.Null(await Engine.ReadAsync(Tenant, s => s.GetOpenSession("v2"), Ct));
        Assert.Null(await H.SessionAsync("s-v2"));
        Assert.DoesNotContain(H.Sink.Events, e => e is RoutingEvent.SessionQueued or RoutingEvent.SessionAssigned);
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task StartSession_ClosedButAnAgentIsFree_AssignsAnyway()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        Ok(await Engine.ConfigureTenantAsync(Tenant, new TenantRoutingSettings { TimePlan = ClosedNow() }, Ct));

        var decision = await H.StartAsync("v1", queue: 1);

        Assert.Equal("alice", decision.Session!.AgentId);
    }

    [Fact]
    public async Task StartSession_OnAHoliday_OffersTheForm()
    {
        var today = DateOnly.FromDateTime(H.Time.GetUtcNow().UtcDateTime);
        var allWeek = Enumerable.Range(0, 7).Select(d => new WorkWindow(d, new TimeOnly(0, 0), new TimeOnly(0, 0))).ToList();
        var plan = new TimePlan("Etc/UTC", allWeek, [new Holiday(today, "closed today")]);
        Ok(await Engine.ConfigureTenantAsync(Tenant, new TenantRoutingSettings { TimePlan = plan }, Ct));

        Assert.Equal(RoutingDecisionKind.LeaveMessage, (await H.StartAsync("v1")).Kind);

        await H.AdvanceAsync(TimeSpan.FromDays(1));
        Assert.Equal(RoutingDecisionKind.Queued, (await H.StartAsync("v2")).Kind);
    }

    [Fact]
    public async Task StartSession_VisitorWithAnOpenSession_GetsThatSessionBack()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        var first = await H.StartAsync("v1", queue: 1);

        var again = await Engine.StartSessionAsync(Tenant, new RoutingRequest("s-other", "v1", 1), Ct);

        Assert.True(again.Existing);
        Assert.Equal(first.Session!.SessionId, again.Session!.SessionId);
        Assert.Equal(1, (await H.AgentAsync("alice"))!.CurrentSessionCount);
        await H.AssertInvariantsAsync();
    }

    // Rule 3: least busy by ratio, ties to the longest since the last assignment.
    [Fact]
    public async Task StartSession_PicksTheLowestLoadRatio()
    {
        await H.AddAgentAsync("alice", max: 2, queues: [1]);
        await H.AddAgentAsync("bob", max: 4, queues: [1]);
        Ok(await Engine.AssignDirectAsync(Tenant, "d1", "d1", "alice", 1, Ct));
        Ok(await Engine.AssignDirectAsync(Tenant, "d2", "d2", "bob", 1, Ct));

        // alice 1/2, bob 1/4: bob is less busy although both serve one session.
        Assert.Equal("bob", (await H.StartAsync("v1", queue: 1)).Session!.AgentId);

        // alice 1/2, bob 2/4: a tie, and alice's last assignment is older.
        Assert.Equal("alice", (await H.StartAsync("v2", queue: 1)).Session!.AgentId);
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task StartSession_TiesGoToTheAgentIdleLongest()
    {
        await H.AddAgentAsync("alice", max: 3, queues: [1]);
        await H.AddAgentAsync("bob", max: 3, queues: [1]);
        await H.AddAgentAsync("carol", max: 3, queues: [1]);

        var order = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            order.Add((await H.StartAsync($"v{i}", queue: 1)).Session!.AgentId!);
        }

        // Never-assigned agents first (by id), then round by round.
        Assert.Equal(["alice", "bob", "carol", "alice", "bob", "carol"], order);
    }

    [Fact]
    public async Task Close_ByTheSystem_EndsWithReasonInactive()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.StartAsync("v1", queue: 1);

        var closed = await H.CloseAsync("s-v1", RoutingActor.System);

        Assert.Equal(SessionState.Terminal, closed.Session!.State);
        Assert.Equal(EndReason.Inactive, Assert.Single(H.Sink.OfType<RoutingEvent.SessionEnded>()).Reason);
        await H.AssertInvariantsAsync();
    }

    // Rule 4: oldest first, assigned the moment capacity frees.
    [Fact]
    public async Task Close_FreesCapacity_OldestWaitingIsAssignedAtOnce()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.StartAsync("v1", queue: 1);
        await H.StartAsync("v2", queue: 1);
        await H.StartAsync("v3", queue: 1);

        var closed = await H.CloseAsync("s-v1", RoutingActor.Agent("alice"));

        Assert.Equal(SessionState.Terminal, closed.Session!.State);
        Assert.Equal("alice", closed.Session.AgentId);
        Assert.Equal("alice", await H.AgentOfAsync("s-v2"));
        Assert.Null(await H.AgentOfAsync("s-v3"));
        var ended = Assert.Single(H.Sink.OfType<RoutingEvent.SessionEnded>());
        Assert.Equal(EndReason.ClosedByAgent, ended.Reason);
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task AgentTurnsOnline_TakesTheOldestWaitingSessionsOfItsQueues()
    {
        await H.AddAgentAsync("alice", max: 2, queues: [1, 2], state: AgentState.Busy);
        await H.StartAsync("v1", queue: 2);
        await H.StartAsync("v2", queue: 1);
        await H.StartAsync("v3", queue: 2);

        Ok(await Engine.SetAgentStateAsync(Tenant, "alice", AgentState.Online, Ct));

        Assert.Equal("alice", await H.AgentOfAsync("s-v1"));
        Assert.Equal("alice", await H.AgentOfAsync("s-v2"));
        Assert.Null(await H.AgentOfAsync("s-v3"));
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task MaxRaised_AssignsWaitingSessionsInArrivalOrder()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        for (var i = 1; i <= 4; i++)
        {
            await H.StartAsync($"v{i}", queue: 1);
        }

        Ok(await Engine.UpsertAgentAsync(Tenant, "alice", true, 3, Ct));

        Assert.Equal("alice", await H.AgentOfAsync("s-v2"));
        Assert.Equal("alice", await H.AgentOfAsync("s-v3"));
        Assert.Null(await H.AgentOfAsync("s-v4"));
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task AgentAddedToQueue_TakesItsWaitingSession()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.AddQueueAsync(2);
        await H.StartAsync("v1", queue: 2);

        Ok(await Engine.SetQueueAsync(Tenant, 2, ["alice"], Ct));

        Assert.Equal("alice", await H.AgentOfAsync("s-v1"));
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task NewArrival_NeverOvertakesAWaitingSession()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.StartAsync("v1", queue: 1);
        await H.StartAsync("v2", queue: 1);
        Ok(await H.CloseAsync("s-v1"));

        var late = await H.StartAsync("v3", queue: 1);

        Assert.Equal("alice", await H.AgentOfAsync("s-v2"));
        Assert.Equal(RoutingDecisionKind.Queued, late.Kind);
    }

    // Rule 5: the specified agent.
    [Fact]
    public async Task SpecifiedAgent_IsWaitedForThenTheQueueTakesOverKeepingThePlace()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.AddAgentAsync("bob", max: 1, queues: [1]);
        await H.StartAsync("v0", queue: 1, agent: "alice");
        await H.StartAsync("v0b", queue: 1, agent: "bob");
        var specified = await H.StartAsync("v1", queue: 1, agent: "alice");
        await H.StartAsync("v2", queue: 1);
        Ok(await H.CloseAsync("s-v0b"));

        // bob is free but v1 waits for alice; v2 (later, unspecified) takes bob.
        Assert.Equal(RoutingDecisionKind.Queued, specified.Kind);
        Assert.Equal(WaitingLineKey.ForAgent("alice"), specified.Position!.Line);
        Assert.Equal("bob", await H.AgentOfAsync("s-v2"));
        await H.StartAsync("v3", queue: 1);

        await H.AdvanceAsync(TimeSpan.FromSeconds(60));

        var fallback = await H.SessionAsync("s-v1");
        Assert.Null(fallback!.SpecifiedAgentId);
        var position = await Engine.ReadAsync(Tenant, s => s.GetPosition("s-v1"), Ct);
        Assert.Equal(1, position!.Position);
        Assert.Equal(2, position.WaitingCount);
        Assert.Contains(H.Sink.OfType<RoutingEvent.SessionQueued>(), e => e.Reason == QueueReason.SpecifiedAgentTimeout && e.Session.SessionId == "s-v1");

        Ok(await H.CloseAsync("s-v2"));
        Assert.Equal("bob", await H.AgentOfAsync("s-v1"));
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task SpecifiedAgent_WithCapacity_IsAssignedEvenWhenOthersAreLessBusy()
    {
        await H.AddAgentAsync("alice", max: 3, queues: [1]);
        await H.AddAgentAsync("bob", max: 3, queues: [1]);
        await H.StartAsync("v0", queue: 1, agent: "alice");

        var decision = await H.StartAsync("v1", queue: 1, agent: "alice");

        Assert.Equal("alice", decision.Session!.AgentId);
        Assert.Null(decision.Session.SpecifiedAgentId);
    }

    [Fact]
    public async Task SpecifiedAgent_FreedBeforeTheTimeout_TakesItsSession()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.StartAsync("v0", queue: 1);
        await H.StartAsync("v1", agent: "alice");

        await H.AdvanceAsync(TimeSpan.FromSeconds(30));
        Ok(await H.CloseAsync("s-v0"));

        Assert.Equal("alice", await H.AgentOfAsync("s-v1"));
        await H.AdvanceAsync(TimeSpan.FromSeconds(60));
        Assert.Equal("alice", await H.AgentOfAsync("s-v1"));
    }

    // Rule 6: transfers.
    [Fact]
    public async Task TransferToAgent_AtCapacity_FailsClearlyAndChangesNothing()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.AddAgentAsync("bob", max: 1, queues: [1]);
        await H.StartAsync("v1", queue: 1);
        await H.StartAsync("v2", queue: 1);

        var decision = await Engine.TransferToAgentAsync(Tenant, RoutingActor.Agent("alice"), "s-v1", "bob", Ct);

        Assert.Equal(RoutingError.AgentAtCapacity, decision.Error);
        Assert.Contains("bob", decision.Message, StringComparison.Ordinal);
        Assert.Equal("alice", await H.AgentOfAsync("s-v1"));
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task TransferToAgent_MovesTheSessionAndFreesTheSourceForTheQueue()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.AddAgentAsync("bob", max: 1, queues: [2], state: AgentState.Busy);
        await H.StartAsync("v1", queue: 1);
        await H.StartAsync("v2", queue: 1);

        var decision = await Engine.TransferToAgentAsync(Tenant, RoutingActor.Agent("alice"), "s-v1", "bob", Ct);

        Assert.Equal("bob", decision.Session!.AgentId);
        var transferred = H.Sink.OfType<RoutingEvent.SessionAssigned>().Single(e => e.Reason == AssignmentReason.Transferred);
        Assert.Equal("alice", transferred.PreviousAgentId);
        Assert.Equal("alice", await H.AgentOfAsync("s-v2"));
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task TransferToQueue_ReentersAtItsOriginalPlace()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.AddAgentAsync("bob", max: 1, queues: [2]);
        await H.StartAsync("v1", queue: 1);
        await H.StartAsync("v2", queue: 2);
        await H.StartAsync("v3", queue: 2);
        await H.StartAsync("v4", queue: 1);

        // v1 (oldest of all) goes to queue 2: ahead of v3. Alice's freed slot takes v4.
        var decision = await Engine.TransferToQueueAsync(Tenant, RoutingActor.Agent("alice"), "s-v1", 2, Ct);

        Assert.Equal(RoutingDecisionKind.Queued, decision.Kind);
        Assert.Equal(1, decision.Position!.Position);
        Assert.Equal("alice", await H.AgentOfAsync("s-v4"));
        Ok(await H.CloseAsync("s-v2"));
        Assert.Equal("bob", await H.AgentOfAsync("s-v1"));
        Assert.Null(await H.AgentOfAsync("s-v3"));
        await H.AssertInvariantsAsync();
    }

    // Rule 7: presence and grace.
    [Fact]
    public async Task AgentGone_AfterGrace_TurnsOfflineAndSessionsReturnAtTheirPlace()
    {
        await H.AddAgentAsync("alice", max: 2, queues: [1]);
        await H.AddAgentAsync("bob", max: 1, queues: [1]);
        await H.StartAsync("v1", queue: 1);
        await H.StartAsync("v2", queue: 1);
        await H.StartAsync("v3", queue: 1);
        await H.StartAsync("v4", queue: 1);
        var aliceSessions = await Engine.ReadAsync(Tenant, s => s.GetAgentSessions("alice"), Ct);
        Ok(await Engine.AgentDisconnectedAsync(Tenant, "alice", "conn-alice", Ct));

        await H.AdvanceAsync(TimeSpan.FromSeconds(59));
        Assert.Equal(AgentState.Online, (await H.AgentAsync("alice"))!.State);
        await H.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(AgentState.Offline, (await H.AgentAsync("alice"))!.State);
        var waiting = await Engine.ReadAsync(Tenant, s => s.GetWaiting(10), Ct);
        // alice's sessions re-enter ahead of v4, which arrived after them.
        Assert.Equal([.. aliceSessions.Select(s => s.SessionId), "s-v4"], waiting.Select(s => s.SessionId));
        Assert.Contains(H.Sink.OfType<RoutingEvent.AgentStateChanged>(), e => e is { AgentId: "alice", State: AgentState.Offline });

        Ok(await H.CloseAsync(H.Sink.OfType<RoutingEvent.SessionAssigned>().First(e => e.Session.AgentId == "bob").Session.SessionId));
        Assert.Equal("bob", await H.AgentOfAsync(aliceSessions[0].SessionId));
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task AgentReconnectsWithinGrace_KeepsEverything()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.StartAsync("v1", queue: 1);
        Ok(await Engine.AgentDisconnectedAsync(Tenant, "alice", "conn-alice", Ct));
        await H.AdvanceAsync(TimeSpan.FromSeconds(30));
        Ok(await Engine.AgentConnectedAsync(Tenant, "alice", "conn-alice-2", Ct));

        await H.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(AgentState.Online, (await H.AgentAsync("alice"))!.State);
        Assert.Equal("alice", await H.AgentOfAsync("s-v1"));
    }

    [Fact]
    public async Task AgentWithTwoConnections_StaysWhileOneRemains()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        Ok(await Engine.AgentConnectedAsync(Tenant, "alice", "second-tab", Ct));
        Ok(await Engine.AgentDisconnectedAsync(Tenant, "alice", "conn-alice", Ct));

        await H.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(AgentState.Online, (await H.AgentAsync("alice"))!.State);
    }

    [Fact]
    public async Task WaitingVisitorGone_AfterGrace_IsAborted_UnlessBackInTime()
    {
        await H.AddQueueAsync(1);
        await H.StartAsync("v1", queue: 1);
        await H.StartAsync("v2", queue: 1);
        Ok(await Engine.VisitorDisconnectedAsync(Tenant, "v1", "conn-v1", Ct));
        Ok(await Engine.VisitorDisconnectedAsync(Tenant, "v2", "conn-v2", Ct));
        await H.AdvanceAsync(TimeSpan.FromSeconds(40));
        Ok(await Engine.VisitorConnectedAsync(Tenant, "v2", "conn-v2-again", Ct));

        await H.AdvanceAsync(TimeSpan.FromSeconds(20));

        Assert.Null(await H.SessionAsync("s-v1"));
        var ended = Assert.Single(H.Sink.OfType<RoutingEvent.SessionEnded>());
        Assert.Equal((SessionState.Abort, EndReason.VisitorLeft), (ended.Session.State, ended.Reason));
        Assert.Equal(1, (await Engine.ReadAsync(Tenant, s => s.GetPosition("s-v2"), Ct))!.Position);
        await H.AssertInvariantsAsync();
    }

    // Rule 8: positions.
    [Fact]
    public async Task Positions_CountFromOneAndMoveUpWhenTheHeadLeaves()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.StartAsync("v0", queue: 1);
        for (var i = 1; i <= 3; i++)
        {
            Assert.Equal(i, (await H.StartAsync($"v{i}", queue: 1)).Position!.Position);
        }

        H.Sink.Clear();
        Ok(await H.CloseAsync("s-v0"));

        var line = await Engine.ReadAsync(Tenant, s => s.GetLinePositions(WaitingLineKey.ForQueue(1)), Ct);
        Assert.Equal([("s-v2", 1), ("s-v3", 2)], line.Select(p => (p.SessionId, p.Position)));
        Assert.All(line, p => Assert.Equal(2, p.WaitingCount));
        var changed = Assert.Single(H.Sink.OfType<RoutingEvent.WaitingLineChanged>());
        Assert.Equal((WaitingLineKey.ForQueue(1), 2), (changed.Line, changed.WaitingCount));
    }

    [Fact]
    public async Task EstimatedWait_FollowsTheQueuesAverageHandlingTime()
    {
        await H.AddAgentAsync("alice", max: 2, queues: [1]);
        await H.StartAsync("v1", queue: 1);
        await H.StartAsync("v2", queue: 1);
        await H.AdvanceAsync(TimeSpan.FromMinutes(4));
        Ok(await H.CloseAsync("s-v1"));
        await H.AdvanceAsync(TimeSpan.FromMinutes(4));
        Ok(await H.CloseAsync("s-v2"));
        await H.StartAsync("v3", queue: 1);
        await H.StartAsync("v4", queue: 1);

        // Handling times 4 and 8 minutes: average 6; capacity 2.
        var first = (await H.StartAsync("v5", queue: 1)).Position!;
        var second = (await H.StartAsync("v6", queue: 1)).Position!;

        Assert.Equal(TimeSpan.FromMinutes(3), first.EstimatedWait);
        Assert.Equal(TimeSpan.FromMinutes(6), second.EstimatedWait);
    }

    // Pick and ownership.
    [Fact]
    public async Task Pick_TakesAWaitingSessionWithinCapacityAndOnlyOnce()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1], state: AgentState.Busy);
        await H.AddAgentAsync("bob", max: 1, queues: [1], state: AgentState.Busy);
        await H.AddAgentAsync("carol", max: 1, queues: [2], state: AgentState.Busy);
        await H.StartAsync("v1", queue: 1);
        await H.StartAsync("v2", queue: 1);

        Assert.Equal("alice", Ok(await Engine.PickAsync(Tenant, "alice", "s-v1", Ct)).Session!.AgentId);
        Assert.Equal(RoutingError.InvalidSessionState, (await Engine.PickAsync(Tenant, "bob", "s-v1", Ct)).Error);
        Assert.Equal(RoutingError.AgentAtCapacity, (await Engine.PickAsync(Tenant, "alice", "s-v2", Ct)).Error);
        Assert.Equal(RoutingError.AgentNotInQueue, (await Engine.PickAsync(Tenant, "carol", "s-v2", Ct)).Error);
        Assert.Equal(AssignmentReason.Picked, Assert.Single(H.Sink.OfType<RoutingEvent.SessionAssigned>()).Reason);
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task SessionChanges_ByAStranger_AnswerNotFoundAndChangeNothing()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.AddAgentAsync("bob", max: 1, queues: [1]);
        await H.StartAsync("v1", queue: 1);

        Assert.Equal(RoutingError.SessionNotFound, (await H.CloseAsync("s-v1", RoutingActor.Visitor("v2"))).Error);
        Assert.Equal(RoutingError.SessionNotFound, (await H.CloseAsync("s-v1", RoutingActor.Agent("bob"))).Error);
        Assert.Equal(RoutingError.SessionNotFound, (await Engine.TransferToAgentAsync(Tenant, RoutingActor.Agent("bob"), "s-v1", "bob", Ct)).Error);
        Assert.Equal(RoutingError.NotSessionOwner, (await Engine.TransferToQueueAsync(Tenant, RoutingActor.Visitor("v1"), "s-v1", 1, Ct)).Error);
        Assert.Equal("alice", await H.AgentOfAsync("s-v1"));

        var ended = await H.CloseAsync("s-v1", RoutingActor.Visitor("v1"));
        Assert.Equal(SessionState.Terminal, ended.Session!.State);
        Assert.Equal(EndReason.ClosedByVisitor, Assert.Single(H.Sink.OfType<RoutingEvent.SessionEnded>()).Reason);
    }

    [Fact]
    public async Task EndSession_WhileWaiting_Aborts()
    {
        await H.AddQueueAsync(1);
        await H.StartAsync("v1", queue: 1);

        var ended = await H.CloseAsync("s-v1", RoutingActor.Visitor("v1"));

        Assert.Equal(SessionState.Abort, ended.Session!.State);
        Assert.Equal(0, await Engine.ReadAsync(Tenant, s => s.WaitingCount, Ct));
    }

    // Administration.
    [Fact]
    public async Task AssignDirect_IgnoresCapacityButNotOffline()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.AddAgentAsync("bob", max: 1, queues: [1], state: AgentState.Offline);
        await H.StartAsync("v1", queue: 1);

        var direct = await Engine.AssignDirectAsync(Tenant, "d1", "v2", "alice", 1, Ct);
        var offline = await Engine.AssignDirectAsync(Tenant, "d2", "v3", "bob", 1, Ct);
        var twice = await Engine.AssignDirectAsync(Tenant, "d3", "v1", "alice", 1, Ct);

        Assert.Equal("alice", direct.Session!.AgentId);
        Assert.Equal(2, (await H.AgentAsync("alice"))!.CurrentSessionCount);
        Assert.Equal(RoutingError.AgentUnavailable, offline.Error);
        Assert.Equal(RoutingError.VisitorHasOpenSession, twice.Error);
    }

    [Fact]
    public async Task RemoveQueue_MovesItsWaitingSessionsToTheDefaultQueue()
    {
        await H.AddQueueAsync(1);
        await H.AddQueueAsync(2);
        Ok(await Engine.ConfigureTenantAsync(Tenant, new TenantRoutingSettings { DefaultQueueId = 2 }, Ct));
        await H.StartAsync("v1", queue: 1);
        await H.AddAgentAsync("alice", max: 1, queues: [2]);

        Ok(await Engine.RemoveQueueAsync(Tenant, 1, Ct));

        var session = await H.SessionAsync("s-v1");
        Assert.Equal((2, "alice"), (session!.QueueId, session.AgentId));
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task RemoveAgent_ReturnsItsSessionsToTheirQueues()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.StartAsync("v1", queue: 1);
        await H.AddAgentAsync("bob", max: 1, queues: [1]);

        Ok(await Engine.RemoveAgentAsync(Tenant, "alice", Ct));

        Assert.Equal("bob", await H.AgentOfAsync("s-v1"));
        Assert.Null(await H.AgentAsync("alice"));
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task WaitingSessions_AreBoundedPerTenant()
    {
        var store = CreateStoreWith(new RoutingOptions { MaxWaitingSessionsPerTenant = 2 });
        using var harness = new RoutingHarness(store);
        await harness.AddQueueAsync(1);
        await harness.StartAsync("v1", queue: 1);
        await harness.StartAsync("v2", queue: 1);

        var third = await harness.StartAsync("v3", queue: 1);

        Assert.Equal(RoutingError.TooManyWaiting, third.Error);
        Assert.Null(await harness.Engine.ReadAsync(Tenant, s => s.GetOpenSession("v3"), Ct));
        await harness.AssertInvariantsAsync();
    }

    [Fact]
    public async Task Tenants_AreIsolated()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);

        var otherTenant = await Engine.StartSessionAsync(2, new RoutingRequest("s-x", "v-x", 1), Ct);

        Assert.Equal(RoutingError.QueueNotFound, otherTenant.Error);
        Assert.Empty(await Engine.ReadAsync(2, s => s.GetAgents(), Ct));
    }

    [Fact]
    public async Task VisitorWhoLeftWhileServed_BackInLine_IsAbortedAfterTheGrace()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.StartAsync("v1", queue: 1);
        Ok(await Engine.VisitorDisconnectedAsync(Tenant, "v1", "conn-v1", Ct));
        Ok(await Engine.SetAgentStateAsync(Tenant, "alice", AgentState.Offline, Ct));
        Assert.Equal(SessionState.Wait, (await H.SessionAsync("s-v1"))!.State);

        await H.AdvanceAsync(TimeSpan.FromSeconds(60));

        Assert.Null(await H.SessionAsync("s-v1"));
        Assert.Equal(EndReason.VisitorLeft, Assert.Single(H.Sink.OfType<RoutingEvent.SessionEnded>()).Reason);
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task AssignDirect_WithoutQueue_BelongsToTheDefaultQueue()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.AddAgentAsync("bob", max: 1, queues: [2]);
        Ok(await Engine.ConfigureTenantAsync(Tenant, new TenantRoutingSettings { DefaultQueueId = 1 }, Ct));
        Ok(await Engine.AssignDirectAsync(Tenant, "d1", "v1", "alice", cancellationToken: Ct));

        Ok(await Engine.SetAgentStateAsync(Tenant, "alice", AgentState.Offline, Ct));

        var session = await H.SessionAsync("d1");
        Assert.Equal((1, SessionState.Wait), (session!.QueueId, session.State));
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task ActorWithoutAnId_OwnsNothing()
    {
        await H.AddQueueAsync(1);
        await H.StartAsync("v1", queue: 1);

        Assert.Equal(RoutingError.SessionNotFound, (await H.CloseAsync("s-v1", RoutingActor.Agent(null!))).Error);
        Assert.Equal(RoutingError.SessionNotFound, (await H.CloseAsync("s-v1", RoutingActor.Visitor(""))).Error);
        Assert.Equal(SessionState.Wait, (await H.SessionAsync("s-v1"))!.State);
    }

    [Fact]
    public async Task SpecifiedAgentWithoutTimeout_FallsBackToTheQueueAtOnce()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1]);
        await H.AddAgentAsync("bob", max: 1, queues: [1]);
        await H.StartAsync("v0", queue: 1, agent: "alice");
        Ok(await Engine.ConfigureTenantAsync(Tenant, new TenantRoutingSettings { SpecifiedAgentTimeout = TimeSpan.Zero }, Ct));

        var decision = await H.StartAsync("v1", queue: 1, agent: "alice");

        Assert.Equal("bob", decision.Session!.AgentId);
    }

    [Theory]
    [InlineData(-1, 60, 60)]
    [InlineData(60, 86401, 60)]
    [InlineData(60, 60, int.MaxValue)]
    public async Task ConfigureTenant_GraceOutOfRange_IsRejected(int agentGrace, int visitorGrace, int specifiedTimeout)
    {
        var settings = new TenantRoutingSettings
        {
            AgentOfflineGrace = TimeSpan.FromSeconds(agentGrace),
            VisitorWaitGrace = TimeSpan.FromSeconds(visitorGrace),
            SpecifiedAgentTimeout = TimeSpan.FromSeconds(specifiedTimeout),
        };

        var decision = await Engine.ConfigureTenantAsync(Tenant, settings, Ct);

        Assert.Equal(RoutingError.InvalidArgument, decision.Error);
        Assert.Equal(TimeSpan.FromSeconds(60), (await Engine.ReadAsync(Tenant, s => s.Settings, Ct)).VisitorWaitGrace);
    }

    [Fact]
    public async Task RestoreSession_NobodyFree_WaitsInRestoreOrderWithItsCreationTime_AheadOfNewArrivals()
    {
        await H.AddAgentAsync("alice", max: 1, queues: [1], state: AgentState.Busy);
        var created = H.Time.GetUtcNow().AddHours(-1);

        var first = Ok(await Engine.RestoreSessionAsync(Tenant, "s-old1", "old1", 1, created, Ct));
        Ok(await Engine.RestoreSessionAsync(Tenant, "s-old2", "old2", 1, created.AddMinutes(1), Ct));
        var fresh = await H.StartAsync("new", queue: 1);

        Assert.Equal((RoutingDecisionKind.Queued, 1, created), (first.Kind, first.Position!.Position, first.Session!.CreatedAt));
        Assert.Equal(3, fresh.Position!.Position);
        Assert.Contains(H.Sink.OfType<RoutingEvent.SessionQueued>(), e => e.Reason == QueueReason.Restored && e.Session.SessionId == "s-old1");
        Ok(await Engine.SetAgentStateAsync(Tenant, "alice", AgentState.Online, Ct));
        Assert.Equal("alice", await H.AgentOfAsync("s-old1"));
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task RestoreSession_EligibleAgent_AssignsEvenWhenClosed()
    {
        Ok(await Engine.ConfigureTenantAsync(Tenant, new TenantRoutingSettings { TimePlan = ClosedNow() }, Ct));
        await H.AddAgentAsync("alice", max: 1);

        var restored = await Engine.RestoreSessionAsync(Tenant, "s-v1", "v1", null, H.Time.GetUtcNow(), Ct);
        var waiting = await Engine.RestoreSessionAsync(Tenant, "s-v2", "v2", null, H.Time.GetUtcNow(), Ct);

        Assert.Equal(("alice", RoutingDecisionKind.Queued), (restored.Session!.AgentId, waiting.Kind));
        await H.AssertInvariantsAsync();
    }

    [Fact]
    public async Task RestoreSession_VisitorWithAnOpenSessionOrAReusedId_IsRejected_AQueueGoneFallsBack()
    {
        await H.StartAsync("v1");

        var visitorBusy = await Engine.RestoreSessionAsync(Tenant, "s-other", "v1", null, H.Time.GetUtcNow(), Ct);
        var idUsed = await Engine.RestoreSessionAsync(Tenant, "s-v1", "v2", null, H.Time.GetUtcNow(), Ct);
        var queueGone = Ok(await Engine.RestoreSessionAsync(Tenant, "s-v3", "v3", 42, H.Time.GetUtcNow(), Ct));

        Assert.Equal((RoutingError.VisitorHasOpenSession, RoutingError.InvalidArgument), (visitorBusy.Error, idUsed.Error));
        Assert.Null(queueGone.Session!.QueueId);
    }

    [Fact]
    public async Task RestoreSession_VisitorNeverBack_IsAbortAfterTheWaitGrace()
    {
        Ok(await Engine.RestoreSessionAsync(Tenant, "s-v1", "v1", null, H.Time.GetUtcNow(), Ct));

        await H.AdvanceAsync(TimeSpan.FromSeconds(61));
        Ok(await Engine.RunDueDeadlinesAsync(Tenant, Ct));

        Assert.Null(await H.SessionAsync("s-v1"));
        Assert.Contains(H.Sink.OfType<RoutingEvent.SessionEnded>(), e => e.Session.SessionId == "s-v1" && e.Reason == EndReason.VisitorLeft);
    }

    /// <summary>A store with non-default options; stores that cannot take them may skip the tests that use it.</summary>
    protected abstract IRoutingStateStore CreateStoreWith(RoutingOptions options);

    private TimePlan ClosedNow()
    {
        // Open one hour a day, starting two hours from now.
        var local = H.Time.GetUtcNow().UtcDateTime.AddHours(2);
        var windows = Enumerable.Range(0, 7).Select(d => new WorkWindow(d, TimeOnly.FromDateTime(local), TimeOnly.FromDateTime(local.AddHours(1)))).ToList();
        return new TimePlan("Etc/UTC", windows);
    }
}
