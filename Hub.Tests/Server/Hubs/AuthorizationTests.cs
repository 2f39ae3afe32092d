using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>Every hub call checks that the caller's token owns what it touches; the tenant comes from the token.</summary>
public class AuthorizationTests : HubTestBase
{
    [Fact]
    public async Task VisitorGuessingAnotherSessionId_GetsNotFoundOnEveryMethod_AndLearnsNothing()
    {
        var agent = await OnlineAgentAsync("alice@test");
        var owner = await ConnectVisitorAsync();
        var id = (await owner.StartAsync()).ServiceSessionId!;
        await owner.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "private"), Ct);
        var intruder = await ConnectVisitorAsync();

        Func<Task>[] calls =
        [
            () => intruder.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "hi"), Ct),
            () => intruder.Connection.InvokeAsync("Typing", new TypingRequest(id, true), Ct),
            () => intruder.Connection.InvokeAsync("Rate", new RateRequest(id, 1), Ct),
            () => intruder.Connection.InvokeAsync("EndSession", new SessionRequest(id), Ct),
            () => intruder.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(id), Ct),
        ];
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<HubException>(call);
            Assert.EndsWith($"Session '{id}' was not found.", error.Message, StringComparison.Ordinal);
        }

        Assert.True(await agent.Messages.NoneAsync(m => m.Text == "hi", TimeSpan.FromMilliseconds(300)));
        Assert.True(await agent.Typing.NoneAsync(_ => true, TimeSpan.FromMilliseconds(100)));
        var stored = await Server.Services.GetRequiredService<ISessionStore>().GetSessionAsync(KefuTestServer.TenantId, id, Ct);
        Assert.Equal(KefuHub.Routing.SessionState.Processing, stored!.State);
        Assert.Null(stored.EnquirySummary);
    }

    [Fact]
    public async Task AgentOutsideTheSession_CannotReadWritePickCloseOrTransferIt()
    {
        var alice = await OnlineAgentAsync("alice@test", max: 1);
        var carol = await ConnectAgentAsync("carol@test");
        var sales = await Server.CreateQueueAsync("sales", [await Server.CreateAgentAsync("dave@test", cancellationToken: Ct)], Ct);
        var served = await ConnectVisitorAsync();
        var servedId = (await served.StartAsync()).ServiceSessionId!;
        var queued = await ConnectVisitorAsync();
        var queuedId = (await queued.StartAsync(new StartSessionRequest(QueueId: sales))).ServiceSessionId!;

        Func<Task>[] calls =
        [
            () => carol.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(servedId, "hi"), Ct),
            () => carol.Connection.InvokeAsync("Typing", new TypingRequest(servedId, true), Ct),
            () => carol.Connection.InvokeAsync("Close", new CloseRequest(servedId), Ct),
            () => carol.Connection.InvokeAsync("Transfer", new TransferRequest(servedId, ToAgentUsername: "carol@test"), Ct),
            () => carol.Connection.InvokeAsync("InviteRating", new SessionRequest(servedId), Ct),
            () => carol.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(servedId), Ct),
            () => carol.Connection.InvokeAsync<SessionView>("Pick", new SessionRequest(queuedId), Ct),
            () => carol.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(queuedId), Ct),
        ];
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<HubException>(call);
            Assert.Contains("was not found", error.Message, StringComparison.Ordinal);
        }

        var workspace = await alice.Connection.InvokeAsync<WorkspaceResult>("GetWorkspace", Ct);
        Assert.Equal([servedId], workspace.Sessions.Select(s => s.ServiceSessionId));
        Assert.Equal(0, workspace.Waiting.Count);
    }

    [Fact]
    public async Task AnotherTenantsVisitorAndAgent_CannotTouchASessionOfTenant1_ThoughTheyKnowItsId()
    {
        var alice = await OnlineAgentAsync("alice@test");
        var owner = await ConnectVisitorAsync();
        var id = (await owner.StartAsync()).ServiceSessionId!;
        await Server.CreateTenantAsync("Two", "alice@test", "password-two", Ct);
        var visitorTwo = await ReconnectVisitorAsync(await Server.CreateVisitorInAsync(2, cancellationToken: Ct));
        var agentTwoConnection = Track(Server.AgentConnection(await Server.LoginInAsync(2, "alice@test", "password-two", Ct)));
        await agentTwoConnection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        await agentTwoConnection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);

        Func<Task>[] calls =
        [
            () => visitorTwo.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "hi"), Ct),
            () => visitorTwo.Connection.InvokeAsync("EndSession", new SessionRequest(id), Ct),
            () => visitorTwo.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(id), Ct),
            () => agentTwoConnection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "hi"), Ct),
            () => agentTwoConnection.InvokeAsync("Close", new CloseRequest(id), Ct),
            () => agentTwoConnection.InvokeAsync("Transfer", new TransferRequest(id, ToAgentUsername: "alice@test"), Ct),
            () => agentTwoConnection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(id), Ct),
        ];
        foreach (var call in calls)
        {
            var error = await Assert.ThrowsAsync<HubException>(call);
            Assert.Contains("was not found", error.Message, StringComparison.Ordinal);
        }

        // A session started in tenant 2 goes to tenant 2's agent, never to tenant 1's namesake.
        var theirs = await visitorTwo.StartAsync();
        Assert.Equal("Processing", theirs.State);
        var workspace = await alice.Connection.InvokeAsync<WorkspaceResult>("GetWorkspace", Ct);
        Assert.Equal([id], workspace.Sessions.Select(s => s.ServiceSessionId));
        Assert.True(await alice.Messages.NoneAsync(m => m.Text == "hi", TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task Connections_WithoutOrWithTheWrongKindOfToken_AreRefused()
    {
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        var agent = await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);

        // Refused at negotiate, before any transport starts.
        await RefusedAsync(Server.VisitorConnection(null), HttpStatusCode.Unauthorized);
        await RefusedAsync(Server.VisitorConnection("forged-token"), HttpStatusCode.Unauthorized);
        await RefusedAsync(Server.AgentConnection(visitor.Token), HttpStatusCode.Forbidden);
        await RefusedAsync(Server.VisitorConnection(agent.Token), HttpStatusCode.Forbidden);
    }

    private async Task RefusedAsync(HubConnection connection, HttpStatusCode status)
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Track(connection).StartAsync(Ct).WaitAsync(Timeout, Ct));
        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public async Task VisitorHub_ChecksTheTenantsOriginAllowList_AndAcceptsTheQueryStringToken()
    {
        await Server.ConfigureAsync(TenantSettings.Default with { AllowedOrigins = ["https://shop.example"] }, cancellationToken: Ct);
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);

        await using var allowed = BrowserLikeConnection(visitor.Token, "https://shop.example");
        await allowed.StartAsync(Ct).WaitAsync(Timeout, Ct);
        await using var refused = BrowserLikeConnection(visitor.Token, "https://evil.example");
        await Assert.ThrowsAnyAsync<WebSocketException>(() => refused.StartAsync(Ct));

        using var signUp = new HttpRequestMessage(HttpMethod.Post, $"/api/tenants/{KefuTestServer.TenantId}/visitors") { Content = JsonContent("{}") };
        signUp.Headers.Add("Origin", "https://evil.example");
        using var response = await Server.Http.SendAsync(signUp, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task MessagesEndpoint_OnlyForTheSessionsOwnVisitor_AndOnlyInItsTenant()
    {
        await OnlineAgentAsync("alice@test");
        var owner = await ConnectVisitorAsync();
        var id = (await owner.StartAsync(new StartSessionRequest(Text: "hello"))).ServiceSessionId!;
        var intruder = await Server.CreateVisitorAsync(cancellationToken: Ct);

        Assert.Equal(HttpStatusCode.OK, (await GetMessagesAsync(KefuTestServer.TenantId, id, owner.Visitor.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await GetMessagesAsync(KefuTestServer.TenantId, id, intruder.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetMessagesAsync(2, id, owner.Visitor.Token)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetMessagesAsync(KefuTestServer.TenantId, id, "forged")).StatusCode);
        var body = await (await GetMessagesAsync(2, id, owner.Visitor.Token)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("\"errorCode\":\"API_003\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AgentLogin_WrongPassword_IsRefusedWithoutSayingWhy()
    {
        await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);

        using var wrong = await Server.Http.PostAsync($"/api/tenants/{KefuTestServer.TenantId}/agents/token", JsonContent("""{"username":"alice@test","password":"nope-nope"}"""), Ct);
        using var unknown = await Server.Http.PostAsync($"/api/tenants/{KefuTestServer.TenantId}/agents/token", JsonContent("""{"username":"who@test","password":"nope-nope"}"""), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(await wrong.Content.ReadAsStringAsync(Ct), await unknown.Content.ReadAsStringAsync(Ct));
    }

    private async Task<HttpResponseMessage> GetMessagesAsync(int tenantId, string sessionId, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tenants/{tenantId}/sessions/{sessionId}/messages?afterSeq=0");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await Server.Http.SendAsync(request, Ct);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");

    /// <summary>What a browser does: an Origin header, and the token in the query string since it cannot set headers.</summary>
    private HubConnection BrowserLikeConnection(string token, string origin)
    {
        var url = new UriBuilder(Server.Address) { Scheme = "ws", Path = "hubs/visitor", Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
        return new HubConnectionBuilder().WithUrl(url, options =>
        {
            // Straight to the WebSocket, as a browser's own WebSocket would; the client sends these headers on it.
            options.Transports = HttpTransportType.WebSockets;
            options.SkipNegotiation = true;
            options.Headers["Origin"] = origin;
        }).Build();
    }
}
