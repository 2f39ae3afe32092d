using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KefuHub.Routing;
using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>Hub calls as an attacker makes them: hostile urls, huge or odd ids, floods, and what the logs and routing keep of them.</summary>
public sealed class HubHardeningTests : HubTestBase
{
    private readonly RecordingLoggerProvider _logs = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Kefu:Hubs:MaxConnectionsPerVisitor"] = "3",
        ["Kefu:Hubs:CallerCallsPerSecond"] = "6",
        ["Kefu:Hubs:CallerCallBurst"] = "6",
        ["Logging:LogLevel:KefuHub.Server.Hubs.HubErrorFilter"] = "Debug",
    };

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddSingleton<ILoggerProvider>(_logs);
        services.AddSingleton<FailingAgentStore>();
        var inner = services.Single(d => d.ServiceType == typeof(IAgentStore));
        services.Replace(ServiceDescriptor.Singleton<IAgentStore>(sp => sp.GetRequiredService<FailingAgentStore>().Wrap((IAgentStore)inner.ImplementationFactory!(sp))));
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("JavaScript:alert(1)")]
    [InlineData(" javascript:alert(1)")]
    [InlineData("java\tscript:alert(1)")]
    [InlineData("\u0001javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("data:image/png;base64,iVBORw0KGgo=")]
    [InlineData("file:///etc/passwd")]
    [InlineData("vbscript:msgbox(1)")]
    [InlineData("blob:https://shop.example/6f1c")]
    [InlineData("ftp://files.example/a.png")]
    [InlineData("//evil.example/a.png")]
    [InlineData("\\\\evil.example\\a.png")]
    [InlineData("https:evil.example/a.png")]
    [InlineData("https://evil.example/a\u202Egnp.exe")]
    [InlineData("/api/tenants/2/files/abcdef")]
    [InlineData("/api/tenants/1/files/../../admin")]
    [InlineData("/api/tenants/1/settings")]
    [InlineData("a.png")]
    public async Task SendMessage_UrlOfAnotherSchemeOrPlace_IsRefusedForVisitorsAndAgents(string url)
    {
        var alice = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        foreach (var sender in new[] { visitor.Connection, alice.Connection })
        {
            var error = await Assert.ThrowsAsync<HubException>(() =>
                sender.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(id, Guid.NewGuid().ToString(), "img", Url: url), Ct));
            Assert.Contains("url must be an absolute https: or http: URL or a file url of this hub", error.Message, StringComparison.Ordinal);
        }

        Assert.True(await alice.Messages.NoneAsync(m => m.Type == "img", TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task SendMessage_HttpsHttpAndTheHubsOwnFileUrls_AreRelayed()
    {
        var alice = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        string[] urls =
        [
            "https://cdn.example/a.png",
            "HTTP://cdn.example/b.png?x=1#top",
            $"/api/tenants/{KefuTestServer.TenantId}/files/Zx_9-aB3",
            new Uri(Server.Address, $"/api/tenants/{KefuTestServer.TenantId}/files/Zx_9-aB3").ToString(),
        ];

        foreach (var url in urls)
        {
            await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(id, Guid.NewGuid().ToString(), "img", Url: url), Ct);
            Assert.Equal(url, (await alice.Messages.NextAsync(m => m.Url == url)).Url);
        }
    }

    [Fact]
    public async Task TextLimits_CountTheCharactersAPersonSees_NotUtf16Units()
    {
        await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        var family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";

        await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, string.Concat(Enumerable.Repeat("\U0001F600", 5000))), Ct);
        await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, string.Concat(Enumerable.Repeat(family, 600))), Ct);
        var tooLong = await Assert.ThrowsAsync<HubException>(() =>
            visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, string.Concat(Enumerable.Repeat("\U0001F600", 5001))), Ct));
        Assert.Contains("text is longer than 5000 characters", tooLong.Message, StringComparison.Ordinal);

        await visitor.Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest(Content: string.Concat(Enumerable.Repeat("\U0001F600", 1001))), Ct);
        await visitor.Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest(Content: string.Concat(Enumerable.Repeat("\U0001F600", 2000))), Ct);
        await Assert.ThrowsAsync<HubException>(() =>
            visitor.Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest(Content: string.Concat(Enumerable.Repeat("\U0001F600", 2001))), Ct));
    }

    [Fact]
    public async Task AdminToken_ReadsAnySessionsMessagesOfItsTenant()
    {
        await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync(new StartSessionRequest(Text: "hello"))).ServiceSessionId!;
        var adminToken = await Server.LoginAsync(KefuTestServer.AdminUsername, KefuTestServer.AdminPassword, Ct);
        var bystander = await Server.CreateAgentAsync("bob@test", cancellationToken: Ct);

        using var admin = await GetMessagesAsync(id, adminToken);
        using var agent = await GetMessagesAsync(id, bystander.Token);

        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        using var body = JsonDocument.Parse(await admin.Content.ReadAsStringAsync(Ct));
        Assert.Contains(body.RootElement.GetProperty("entities").EnumerateArray(), m => m.GetProperty("text").GetString() == "hello");
        Assert.Equal(HttpStatusCode.NotFound, agent.StatusCode);
    }

    [Fact]
    public async Task Close_ByAnAgentNotServingTheSession_WritesNoSummary()
    {
        await OnlineAgentAsync("alice@test");
        var carol = await ConnectAgentAsync("carol@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        var summary = await Server.Services.GetRequiredService<ISummaryStore>().CreateSummaryAsync(KefuTestServer.TenantId, "billing", 0, 0, Ct);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            carol.Connection.InvokeAsync("Close", new CloseRequest(id, [summary.Id], "pwned"), Ct));

        Assert.Contains("was not found", error.Message, StringComparison.Ordinal);
        var stored = await Server.Services.GetRequiredService<ISessionStore>().GetSessionAsync(KefuTestServer.TenantId, id, Ct);
        Assert.Empty(stored!.SummaryIds);
        Assert.Null(stored.Comment);
    }

    [Fact]
    public async Task Typing_RepeatedForASessionNotTheCallers_IsRefusedEveryTime()
    {
        await OnlineAgentAsync("alice@test");
        var owner = await ConnectVisitorAsync();
        var id = (await owner.StartAsync()).ServiceSessionId!;
        var intruder = await ConnectVisitorAsync();

        for (var i = 0; i < 3; i++)
        {
            await Assert.ThrowsAsync<HubException>(() => intruder.Connection.InvokeAsync("Typing", new TypingRequest(id, true), Ct));
        }
    }

    [Fact]
    public async Task RefusedCalls_AreLoggedBrieflyBelowWarning_WithClientTextTruncatedAndEscaped()
    {
        var visitor = await ConnectVisitorAsync();
        var hostileId = "\u0000\r\nFAKE LOG LINE\u202E" + new string('x', 10_000);

        for (var i = 0; i < 20; i++)
        {
            var error = await Assert.ThrowsAsync<HubException>(() =>
                visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(hostileId, "hi"), Ct));
            Assert.True(error.Message.Length < 300, $"the refusal echoes {error.Message.Length} characters back");
            Assert.DoesNotContain('\n', error.Message);
            Assert.DoesNotContain('\u0000', error.Message);
        }

        // The rate limit's refusals too.
        var refusals = 0;
        for (var i = 0; i < 30; i++)
        {
            try
            {
                await visitor.Connection.InvokeAsync("Typing", new TypingRequest(hostileId, i % 2 == 0), Ct);
            }
            catch (HubException ex) when (ex.Message.Contains("Rate limit", StringComparison.Ordinal))
            {
                refusals++;
            }
            catch (HubException)
            {
            }
        }

        Assert.True(refusals > 0, "the flood was never refused");
        var entries = _logs.Entries;
        Assert.DoesNotContain(entries, e => e.Level >= LogLevel.Warning);
        var refused = entries.Where(e => e.Category == typeof(HubErrorFilter).FullName).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, e =>
        {
            Assert.Equal(LogLevel.Debug, e.Level);
            Assert.True(e.Text.Length < 400, $"a refusal took {e.Text.Length} characters of log: {e.Text[..Math.Min(200, e.Text.Length)]}");
            Assert.DoesNotContain('\n', e.Text);
            Assert.DoesNotContain('\u0000', e.Text);
            Assert.DoesNotContain('\u202E', e.Text);
        });
    }

    [Fact]
    public async Task Visitor_SeesItsAgentsRealState_OnAssignmentAndWheneverItChanges()
    {
        var alice = await ConnectAgentAsync("alice@test");
        await alice.Connection.InvokeAsync("SetState", new SetStateRequest("Busy"), Ct);
        var visitor = await ConnectVisitorAsync();
        var agentStates = new HubEvents<VisitorAgentStateEvent>(visitor.Connection, ClientEvents.AgentState);
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        await alice.Connection.InvokeAsync<SessionView>("Pick", new SessionRequest(id), Ct);
        var assigned = await visitor.States.NextAsync(s => s.State == "Processing");
        Assert.Equal("Busy", assigned.Agent!.State);

        await alice.Connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        var online = await agentStates.NextAsync(s => s.State == "Online");
        Assert.Equal(id, online.ServiceSessionId);
        await alice.Connection.InvokeAsync("SetState", new SetStateRequest("Leave"), Ct);
        Assert.Equal(id, (await agentStates.NextAsync(s => s.State == "Leave")).ServiceSessionId);
    }

    [Fact]
    public async Task AgentConnect_FailingAfterRoutingSawIt_LeavesNoConnectionBehind()
    {
        var agent = await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);
        Server.Services.GetRequiredService<FailingAgentStore>().FailReadsFromTheHub = true;
        var connection = Track(Server.AgentConnection(agent.Token, UseMessagePack));
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };

        try
        {
            await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
            await closed.Task.WaitAsync(Timeout, Ct);
        }
        catch (Exception ex) when (ex is HubException or InvalidOperationException or IOException)
        {
            // The server may refuse before or after the handshake.
        }

        var engine = Server.Services.GetRequiredService<RoutingEngine>();
        var connections = await engine.ReadAsync(KefuTestServer.TenantId, s => s.GetAgent(agent.UserId)?.ConnectionCount, Ct);
        Assert.Equal(0, connections);
    }

    [Fact]
    public async Task OneVisitorToken_OpensABoundedNumberOfConnections_WithAClearError()
    {
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        for (var i = 0; i < 3; i++)
        {
            await ReconnectVisitorAsync(visitor);
        }

        var extra = Track(Server.VisitorConnection(visitor.Token, UseMessagePack));
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        extra.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        Exception? refusal;
        try
        {
            await extra.StartAsync(Ct).WaitAsync(Timeout, Ct);
            refusal = await closed.Task.WaitAsync(Timeout, Ct);
        }
        catch (Exception ex) when (ex is HubException or InvalidOperationException or IOException)
        {
            refusal = ex;
        }

        Assert.Contains("Too many connections: at most 3 per visitor", refusal?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallRate_IsBoundedPerVisitor_AcrossItsConnections()
    {
        await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        var second = await ReconnectVisitorAsync(visitor.Visitor);
        var third = await ReconnectVisitorAsync(visitor.Visitor);
        HubConnection[] connections = [visitor.Connection, second.Connection, third.Connection];

        var results = await Task.WhenAll(Enumerable.Range(0, 15).Select(async i =>
        {
            try
            {
                await connections[i % 3].InvokeAsync<SendMessageResult>("SendMessage", Text(id, $"m{i}"), Ct);
                return null;
            }
            catch (HubException ex)
            {
                return ex.Message;
            }
        }));

        Assert.Contains(results, r => r is null);
        Assert.Contains(results, r => r?.Contains("Rate limit exceeded: at most 6 calls per second per visitor", StringComparison.Ordinal) == true);
    }

    private async Task<HttpResponseMessage> GetMessagesAsync(string sessionId, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tenants/{KefuTestServer.TenantId}/sessions/{sessionId}/messages?afterSeq=0");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Server.Http.SendAsync(request, Ct);
    }
}
