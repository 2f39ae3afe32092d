using System.Net;
using System.Text.Json;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Webhooks;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Api;

/// <summary>
/// Robot reception (CONTRACT.md): sessions the robot answers, outside routing, until they go to people
/// (SQLite; see <see cref="PostgresRobotReceptionTests"/>).
/// </summary>
public class RobotReceptionTests : AdminApiTestBase
{
    [Fact]
    public async Task Robot_GreetsAndAnswersByRule_ElseFallsBack_AndTakesNoCapacityNorPlaceInLine()
    {
        (await PutAsync(T("/robot"), new
        {
            enabled = true,
            name = "小蜜",
            greeting = "Hi, I am the robot.",
            rules = new[] { new { keywords = new[] { "price", "价格" }, answer = "It costs 10." }, new { keywords = new[] { "hours" }, answer = "9 to 6." } },
            fallbackAnswer = "Sorry, I did not get that.",
        })).Ok();
        await OnlineAgentAsync("alice@test", max: 1);
        var visitor = await ConnectVisitorAsync();

        var started = await visitor.StartAsync(new StartSessionRequest(Text: "What is the PRICE?"));
        Assert.Equal(("Robot", "小蜜", "Hi, I am the robot."), (started.State, started.Agent!.Nicename, started.Welcome));
        var id = started.ServiceSessionId!;
        Assert.Equal("It costs 10.", (await visitor.Messages.NextAsync(m => m.From == "robot" && m.Text != "Hi, I am the robot.")).Text);
        await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "请问价格多少"), Ct);
        Assert.Equal("It costs 10.", (await visitor.Messages.NextAsync(m => m.From == "robot")).Text);
        await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "tell me a joke"), Ct);
        Assert.Equal("Sorry, I did not get that.", (await visitor.Messages.NextAsync(m => m.From == "robot")).Text);
        var transcript = await visitor.Connection.InvokeAsync<List<MessageEvent>>("GetMessages", new GetMessagesRequest(id), Ct);
        Assert.Equal(
            [("robot", "Hi, I am the robot."), ("visitor", "What is the PRICE?"), ("robot", "It costs 10."), ("visitor", "请问价格多少"), ("robot", "It costs 10."), ("visitor", "tell me a joke"), ("robot", "Sorry, I did not get that.")],
            transcript.Select(m => (m.From, m.Text)));

        // Idempotent, and the robot sessions take nobody's capacity: another visitor gets the robot too, and the agent is free.
        Assert.Equal((id, "Robot"), ((await visitor.StartAsync()).ServiceSessionId, (await visitor.StartAsync()).State));
        var other = await ConnectVisitorAsync();
        Assert.Equal("Robot", (await other.StartAsync()).State);
        Assert.Equal(0, (await GetAsync(T("/agents/online"))).Ok().Entities.Single().GetProperty("currentSessionCount").GetInt32());
        Assert.Equal(0, (await GetAsync(T("/waitings"))).Ok().Entity.GetProperty("count").GetInt32());
        var history = (await GetAsync(T("/serviceSessionHistorys?state=Robot"))).Ok().Entity;
        Assert.Equal(2, history.GetProperty("total_entries").GetInt32());
        Assert.All(history.GetProperty("items").EnumerateArray(), i => Assert.Equal("Robot", i.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task TransferKeyword_RoutesTheSessionAsANewOne_KeepingTheTranscript_AndItNeverGoesBackToTheRobot()
    {
        (await PutAsync(T("/robot"), new { enabled = true, greeting = "Robot here.", fallbackAnswer = "Hm?" })).Ok();
        var alice = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        // "agents" is no transfer keyword: "agent" counts as a whole word only.
        await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "do your agents know refunds?"), Ct);
        Assert.Equal("Hm?", (await visitor.Messages.NextAsync(m => m.From == "robot" && m.Text == "Hm?")).Text);
        await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "请帮我转人工"), Ct);

        var assigned = await alice.Assigned.NextAsync(a => a.Session.ServiceSessionId == id);
        Assert.Equal("Routed", assigned.Reason);
        var state = await visitor.States.NextAsync(s => s.ServiceSessionId == id && s.State == "Processing");
        Assert.Equal("Nice alice@test", state.Agent!.Nicename);
        var transcript = await alice.Connection.InvokeAsync<List<MessageEvent>>("GetMessages", new GetMessagesRequest(id), Ct);
        Assert.Equal(["Robot here.", "do your agents know refunds?", "Hm?", "请帮我转人工"], transcript.Select(m => m.Text));

        // With people now: the agent gets the visitor's messages, the robot says nothing more.
        await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "hello? 人工"), Ct);
        await alice.Messages.NextAsync(m => m.Text == "hello? 人工");
        Assert.True(await visitor.Messages.NoneAsync(m => m.From == "robot" && m.Seq > 4, TimeSpan.FromMilliseconds(300)));
        Assert.Equal((id, "Processing"), ((await visitor.StartAsync()).ServiceSessionId, (await visitor.StartAsync()).State));
        Assert.Equal("Processing", (await visitor.Connection.InvokeAsync<StartSessionResult>("TransferToHuman", new SessionRequest(id), Ct)).State);
        var item = (await GetAsync(T($"/serviceSessionHistorys?state=Processing"))).Ok().Entity.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(("Processing", "alice@test"), (item.GetProperty("state").GetString(), item.GetProperty("agentUserSet")[0].GetProperty("username").GetString()));
    }

    [Fact]
    public async Task TransferToHuman_WaitsInLine_AtItsPlaceByTheTimeOfTheTransfer_NotOfTheRobotsStart()
    {
        (await PutAsync(T("/robot"), new { enabled = true })).Ok();
        var early = await ConnectVisitorAsync();
        var earlyId = (await early.StartAsync()).ServiceSessionId!;
        var late = await ConnectVisitorAsync();
        var lateId = (await late.StartAsync()).ServiceSessionId!;

        var lateQueued = await late.Connection.InvokeAsync<StartSessionResult>("TransferToHuman", new SessionRequest(lateId), Ct);
        Assert.Equal(("Wait", 1), (lateQueued.State, lateQueued.QueuePosition));
        var earlyQueued = await early.Connection.InvokeAsync<StartSessionResult>("TransferToHuman", new SessionRequest(earlyId), Ct);
        Assert.Equal(("Wait", 2), (earlyQueued.State, earlyQueued.QueuePosition));
        Assert.Equal([lateId, earlyId], (await GetAsync(T("/waitings"))).Ok().Entity.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serviceSessionId").GetString()));

        var alice = await OnlineAgentAsync("alice@test", max: 1);
        Assert.Equal(lateId, (await alice.Assigned.NextAsync()).Session.ServiceSessionId);
        await Assert.ThrowsAsync<HubException>(() => late.Connection.InvokeAsync<StartSessionResult>("TransferToHuman", new SessionRequest(earlyId), Ct));
    }

    [Fact]
    public async Task Webhook_AnswersOrTransfers_IsSigned_AndWhenItFailsTheFallbackAnswers()
    {
        const string Secret = "robot-webhook-secret-1";
        var asked = new List<JsonElement>();
        var badSignatures = 0;
        await using var bot = await LoopbackHost.StartAsync(_ => { }, app => app.MapPost("/bot", async (HttpRequest request) =>
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            if (!WebhookSignature.Verify(Secret, buffer.ToArray(), request.Headers[WebhookSignature.HeaderName]))
            {
                Interlocked.Increment(ref badSignatures);
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            }

            var question = JsonDocument.Parse(buffer.ToArray()).RootElement.Clone();
            lock (asked)
            {
                asked.Add(question);
            }

            return question.GetProperty("text").GetString() switch
            {
                "order status" => Results.Json(new { answer = "Your order ships today." }),
                "complaint" => Results.Json(new { answer = "Passing you to a colleague.", transfer = true }),
                "huge" => Results.Text(new string('x', 70_000), "application/json"),
                _ => Results.StatusCode(StatusCodes.Status503ServiceUnavailable),
            };
        }), Ct);
        (await PutAsync(T("/robot"), new
        {
            enabled = true,
            rules = new[] { new { keywords = new[] { "hours" }, answer = "9 to 6." } },
            fallbackAnswer = "Let me find someone.",
            webhookUrl = new Uri(bot.Address, "/bot").AbsoluteUri,
            webhookSecret = Secret,
        })).Ok();
        var alice = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        foreach (var (text, answer) in new[] { ("order status", "Your order ships today."), ("what are your hours", "9 to 6."), ("down?", "Let me find someone."), ("huge", "Let me find someone.") })
        {
            await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, text), Ct);
            Assert.Equal(answer, (await visitor.Messages.NextAsync(m => m.From == "robot")).Text);
        }

        await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "complaint"), Ct);
        Assert.Equal("Passing you to a colleague.", (await visitor.Messages.NextAsync(m => m.From == "robot")).Text);
        await alice.Assigned.NextAsync(a => a.Session.ServiceSessionId == id);

        // Rules answer before the webhook is asked; every question carries the session and the visitor.
        Assert.Equal(0, badSignatures);
        Assert.Equal(["order status", "down?", "huge", "complaint"], asked.Select(q => q.GetProperty("text").GetString()));
        Assert.All(asked, q => Assert.Equal((id, visitor.Visitor.VisitorId), (q.GetProperty("serviceSessionId").GetString(), q.GetProperty("visitorId").GetString())));
    }

    [Fact]
    public async Task EndSession_ClosesTheRobotSession_AndARobotSwitchedOffHandsOpenOnesToPeople()
    {
        (await PutAsync(T("/robot"), new { enabled = true })).Ok();
        var visitor = await ConnectVisitorAsync();
        var first = (await visitor.StartAsync()).ServiceSessionId!;
        await visitor.Connection.InvokeAsync("EndSession", new SessionRequest(first), Ct);
        Assert.Equal("ClosedByVisitor", (await visitor.States.NextAsync(s => s.ServiceSessionId == first && s.State == "Terminal")).Reason);
        await Assert.ThrowsAsync<HubException>(() => visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(first, "still there?"), Ct));

        var second = await visitor.StartAsync();
        Assert.NotEqual(first, second.ServiceSessionId);
        Assert.Equal("Robot", second.State);

        (await PutAsync(T("/robot"), new { enabled = false })).Ok();
        var alice = await OnlineAgentAsync("alice@test");
        var routed = await visitor.StartAsync();
        Assert.Equal((second.ServiceSessionId, "Processing", "Nice alice@test"), (routed.ServiceSessionId, routed.State, routed.Agent!.Nicename));
        await alice.Assigned.NextAsync(a => a.Session.ServiceSessionId == second.ServiceSessionId);
        var states = (await GetAsync(T("/serviceSessionHistorys?sortOrder=asc"))).Ok().Entity.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("state").GetString());
        Assert.Equal(["Terminal", "Processing"], states);
    }

    [Fact]
    public async Task Settings_AreCheckedAndAdministratorsOnly_TheSecretWriteOnly_AndEachTenantHasItsOwn()
    {
        var robot = (await GetAsync(T("/robot"))).Ok().Entity;
        Assert.False(robot.GetProperty("enabled").GetBoolean());
        Assert.Equal(["人工", "转人工", "human", "agent"], robot.GetProperty("transferKeywords").EnumerateArray().Select(k => k.GetString()));
        Assert.False(robot.GetProperty("webhookSecretSet").GetBoolean());

        foreach (var bad in new object[]
        {
            new { name = "" },
            new { name = new string('n', 51) },
            new { greeting = new string('g', 2001) },
            new { rules = new[] { new { keywords = Array.Empty<string>(), answer = "a" } } },
            new { rules = new[] { new { keywords = new[] { new string('k', 51) }, answer = "a" } } },
            new { rules = new[] { new { keywords = new[] { "k" }, answer = " " } } },
            new { rules = Enumerable.Range(0, 101).Select(i => new { keywords = new[] { "k" + i }, answer = "a" }).ToArray() },
            new { transferKeywords = new[] { "" } },
            new { transferKeywords = Enumerable.Range(0, 21).Select(i => "t" + i).ToArray() },
            new { webhookUrl = "javascript:alert(1)" },
            new { webhookUrl = "http://user:pass@bot.example/hook" },
            new { webhookSecret = "short" },
            new { enabled = "yes" },
        })
        {
            (await PutAsync(T("/robot"), bad)).Fails(HttpStatusCode.BadRequest, "API_001");
        }

        var saved = (await PutAsync(T("/robot"), new { enabled = true, name = " Bot ", transferKeywords = new[] { "Human", "human", "客服" }, webhookUrl = "https://bot.example/hook", webhookSecret = "0123456789abcdef" })).Ok().Entity;
        Assert.Equal(("Bot", true), (saved.GetProperty("name").GetString(), saved.GetProperty("webhookSecretSet").GetBoolean()));
        Assert.Equal(["Human", "客服"], saved.GetProperty("transferKeywords").EnumerateArray().Select(k => k.GetString()));
        Assert.DoesNotContain("0123456789abcdef", (await GetAsync(T("/robot"))).Body.GetRawText(), StringComparison.Ordinal);
        Assert.False((await GetAsync(T("/settings"))).Ok().Entity.TryGetProperty("robot", out _));
        (await PutAsync(T("/robot"), new { webhookUrl = "", webhookSecret = "" })).Ok();
        var cleared = (await GetAsync(T("/robot"))).Ok().Entity;
        Assert.Equal((JsonValueKind.Null, false, true), (cleared.GetProperty("webhookUrl").ValueKind, cleared.GetProperty("webhookSecretSet").GetBoolean(), cleared.GetProperty("enabled").GetBoolean()));

        var agent = await Server.CreateAgentAsync("plain@test", cancellationToken: Ct);
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        (await GetAsync(T("/robot"), agent.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await PutAsync(T("/robot"), new { enabled = false }, visitor.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        var other = await OtherTenantTokenAsync();
        (await PutAsync(T("/robot"), new { enabled = false }, other)).Fails(HttpStatusCode.Forbidden, "API_003");
        Assert.False((await GetAsync($"/api/tenants/{OtherTenantId}/robot", other)).Ok().Entity.GetProperty("enabled").GetBoolean());
        var twoVisitor = await Server.CreateVisitorInAsync(OtherTenantId, cancellationToken: Ct);
        var twoConnection = Track(Server.VisitorConnection(twoVisitor.Token));
        await twoConnection.StartAsync(Ct);
        Assert.NotEqual("Robot", (await twoConnection.InvokeAsync<StartSessionResult>("StartSession", new StartSessionRequest(), Ct)).State);
    }
}
