using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>Message size and call rate limits, each with a clear error; presence grace periods (rule 7).</summary>
public sealed class LimitsTests : HubTestBase
{
    // The grace periods run on this clock; the tests move it (the rate limit's refill too, so it stays still otherwise).
    private readonly FakeTimeProvider _time = TestClock.Create();

    protected override TimeProvider? Time => _time;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Kefu:Hubs:CallsPerSecond"] = "5",
        ["Kefu:Hubs:CallBurst"] = "5",
        ["Kefu:Hubs:MaximumReceiveMessageSize"] = "4096",
    };

    [Fact]
    public async Task CallsAboveTheRate_AreRefusedWithAClearError()
    {
        await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, $"m{i}"), Ct);
                return null;
            }
            catch (HubException ex)
            {
                return ex.Message;
            }
        }));

        Assert.Contains(results, r => r is null);
        Assert.Contains(results, r => r?.Contains("Rate limit exceeded: at most 5 calls per second", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task MessageOverTheSizeLimit_ClosesTheConnectionSayingWhy()
    {
        await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        visitor.Connection.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };

        _ = visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, new string('x', 8000)), Ct);

        var reason = await closed.Task.WaitAsync(Timeout, Ct);
        Assert.Contains("maximum message size", reason!.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task UnknownMessageType_IsRefusedNamingTheAllowedTypes()
    {
        await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        var error = await Assert.ThrowsAsync<HubException>(() => visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(id, "c1", "bogus", "x"), Ct));

        Assert.Contains("type must be one of", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentGone_PastTheGrace_TurnsOfflineAndItsSessionsRequeue_BackWithinTheGrace_KeepsThem()
    {
        await Server.ConfigureAsync(TenantSettings.Default with { AgentOfflineGraceSeconds = 60 }, cancellationToken: Ct);
        var alice = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        await DropAsync(alice.Connection);
        _time.Advance(TimeSpan.FromSeconds(59));
        await using (var back = Server.AgentConnection(alice.Agent.Token))
        {
            await back.StartAsync(Ct).WaitAsync(Timeout, Ct);
            Assert.Equal("Online", (await back.InvokeAsync<WorkspaceResult>("GetWorkspace", Ct)).State);
            _time.Advance(TimeSpan.FromSeconds(5));
            var workspace = await back.InvokeAsync<WorkspaceResult>("GetWorkspace", Ct);
            Assert.Equal(("Online", id), (workspace.State, workspace.Sessions.Single().ServiceSessionId));
            await DropAsync(back);
        }

        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(await visitor.States.NoneAsync(s => s.State == "Wait", TimeSpan.FromMilliseconds(200)));
        _time.Advance(TimeSpan.FromSeconds(1));

        var requeued = await visitor.States.NextAsync(s => s.State == "Wait", Timeout);
        Assert.Equal(("AgentOffline", id), (requeued.Reason, requeued.ServiceSessionId));
    }

    [Fact]
    public async Task WaitingVisitorGone_PastTheGrace_SessionIsAbort()
    {
        await Server.ConfigureAsync(TenantSettings.Default with { VisitorWaitGraceSeconds = 60 }, cancellationToken: Ct);
        var alice = await ConnectAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        await alice.QueueChanges.NextAsync(q => q.WaitingCount == 1, Timeout);
        var sessions = Server.Services.GetRequiredService<ISessionStore>();

        await DropAsync(visitor.Connection);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(await alice.QueueChanges.NoneAsync(q => q.WaitingCount == 0, TimeSpan.FromMilliseconds(200)));
        Assert.Equal(KefuHub.Routing.SessionState.Wait, (await sessions.GetSessionAsync(KefuTestServer.TenantId, id, Ct))!.State);
        _time.Advance(TimeSpan.FromSeconds(1));

        // The change is stored before it is pushed, so once the line is empty the session is stored as ended.
        await alice.QueueChanges.NextAsync(q => q.WaitingCount == 0, Timeout);
        var stored = await sessions.GetSessionAsync(KefuTestServer.TenantId, id, Ct);
        Assert.Equal((KefuHub.Routing.SessionState.Abort, "VisitorLeft"), (stored!.State, stored.EndReason));
    }

    /// <summary>Stops the connection and waits until the server has handled the drop, so the grace period has started.</summary>
    private async Task DropAsync(HubConnection connection)
    {
        var connectionId = connection.ConnectionId!;
        await connection.StopAsync(Ct);
        await Server.Disconnects.DisconnectedAsync(connectionId).WaitAsync(Timeout, Ct);
    }
}
