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
        await Server.ConfigureAsync(TenantSettings.Default with { AgentOfflineGraceSeconds = 1 }, cancellationToken: Ct);
        var alice = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        await alice.Connection.StopAsync(Ct);
        await using (var back = Server.AgentConnection(alice.Agent.Token))
        {
            await back.StartAsync(Ct);
            await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
            var workspace = await back.InvokeAsync<WorkspaceResult>("GetWorkspace", Ct);
            Assert.Equal(("Online", id), (workspace.State, workspace.Sessions.Single().ServiceSessionId));
        }

        var requeued = await visitor.States.NextAsync(s => s.State == "Wait", TimeSpan.FromSeconds(5));
        Assert.Equal(("AgentOffline", id), (requeued.Reason, requeued.ServiceSessionId));
    }

    [Fact]
    public async Task WaitingVisitorGone_PastTheGrace_SessionIsAbort()
    {
        await Server.ConfigureAsync(TenantSettings.Default with { VisitorWaitGraceSeconds = 1 }, cancellationToken: Ct);
        await ConnectAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        await visitor.Connection.StopAsync(Ct);

        var sessions = Server.Services.GetRequiredService<ISessionStore>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        SessionRecord? stored;
        do
        {
            await Task.Delay(100, Ct);
            stored = await sessions.GetSessionAsync(KefuTestServer.TenantId, id, Ct);
        }
        while (stored!.State != KefuHub.Routing.SessionState.Abort && DateTime.UtcNow < deadline);

        Assert.Equal((KefuHub.Routing.SessionState.Abort, "VisitorLeft"), (stored.State, stored.EndReason));
    }
}
