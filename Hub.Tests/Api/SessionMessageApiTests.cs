using System.Net;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace KefuHub.Tests.Api;

/// <summary><c>POST /sessions/{id}/messages</c> on SQLite; see <see cref="PostgresSessionMessageApiTests"/>.</summary>
public class SessionMessageApiTests : AdminApiTestBase
{
    private const string Secret = "a-secret-of-32-characters-------";

    [Fact]
    public async Task AgentAndAdmin_SendIntoASession_VisitorReceivesIt_OnceByClientMessageId_WithAWebhookEvent()
    {
        var receiver = new WebhookReceiver(Secret);
        await using var host = await LoopbackHost.StartAsync(_ => { }, app => app.MapPost("/hook", receiver.HandleAsync), Ct);
        (await PutAsync(T("/webhook"), new { url = new Uri(host.Address, "/hook").ToString(), secret = Secret })).Ok();
        var agent = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        var sent = (await PostAsync(T($"/sessions/{id}/messages"), new { clientMessageId = "crm-1", type = "txt", text = "from the CRM" }, agent.Agent.Token)).Ok().Entity;
        var again = (await PostAsync(T($"/sessions/{id}/messages"), new { clientMessageId = "crm-1", type = "txt", text = "from the CRM" }, agent.Agent.Token)).Ok().Entity;
        Assert.Equal(sent.GetProperty("seq").GetInt64(), again.GetProperty("seq").GetInt64());
        Assert.Equal(sent.GetProperty("messageId").GetString(), again.GetProperty("messageId").GetString());
        var received = await visitor.Messages.NextAsync(m => m.Text == "from the CRM");
        Assert.Equal(("agent", sent.GetProperty("seq").GetInt64()), (received.From, received.Seq));

        // A bot with the client-credentials token speaks as the session's agent.
        var client = (await PostAsync("/api/tenant/1/accessToken", new { clientId = ApiTestBase.ClientId, secretId = ApiTestBase.SecretId }, string.Empty)).Ok().Entity.GetProperty("accessToken").GetString()!;
        (await PostAsync(T($"/sessions/{id}/messages"), new { clientMessageId = "bot-1", type = "txt", text = "from the bot" }, client)).Ok();
        Assert.Equal("agent", (await visitor.Messages.NextAsync(m => m.Text == "from the bot")).From);
        await agent.Messages.NextAsync(m => m.Text == "from the bot");

        await receiver.WaitUntilAsync(r => r.Accepted.Count(e => e.GetProperty("type").GetString() == "Message") == 2, "two Message events");
        var messages = receiver.Accepted.Where(e => e.GetProperty("type").GetString() == "Message").Select(e => e.GetProperty("data")).ToList();
        Assert.Equal(["from the CRM", "from the bot"], messages.Select(m => m.GetProperty("text").GetString()));
        Assert.All(messages, m => Assert.Equal(("agent", agent.Agent.UserId), (m.GetProperty("from").GetString(), m.GetProperty("senderId").GetString())));
    }

    [Fact]
    public async Task OthersAndBadMessages_AreRefused_AsTheHubRefusesThem()
    {
        await OnlineAgentAsync("alice@test", max: 1);
        var carol = await Server.CreateAgentAsync("carol@test", cancellationToken: Ct);
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        var waiting = await ConnectVisitorAsync();
        var waitingId = (await waiting.StartAsync()).ServiceSessionId!;
        Assert.Equal("Wait", (await waiting.StartAsync()).State);

        object Message(string text) => new { clientMessageId = Guid.NewGuid().ToString(), type = "txt", text };
        (await PostAsync(T($"/sessions/{id}/messages"), Message("not mine"), carol.Token)).Fails(HttpStatusCode.NotFound, "API_404");
        (await PostAsync(T($"/sessions/{id}/messages"), Message("visitor"), visitor.Visitor.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await PostAsync(T($"/sessions/{waitingId}/messages"), Message("nobody serves it"))).Fails(HttpStatusCode.Conflict, "API_409");
        (await PostAsync(T("/sessions/no-such-session/messages"), Message("x"))).Fails(HttpStatusCode.NotFound, "API_404");
        (await PostAsync(T($"/sessions/{id}/messages"), new { clientMessageId = "m1", type = "video", text = "x" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T($"/sessions/{id}/messages"), new { type = "txt", text = "x" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T($"/sessions/{id}/messages"), new { clientMessageId = "m2", type = "txt", text = new string('x', 5001) })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T($"/sessions/{id}/messages"), Message("x"), string.Empty)).Fails(HttpStatusCode.Unauthorized, "API_002");
        var other = await OtherTenantTokenAsync();
        (await PostAsync(T($"/sessions/{id}/messages"), Message("x"), other)).Fails(HttpStatusCode.Forbidden, "API_003");
        (await PostAsync($"/api/tenants/{OtherTenantId}/sessions/{id}/messages", Message("x"), other)).Fails(HttpStatusCode.NotFound, "API_404");

        Assert.True(await visitor.Messages.NoneAsync(_ => true, TimeSpan.FromMilliseconds(300)));
    }
}
