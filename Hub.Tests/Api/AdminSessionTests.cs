using System.Net;
using KefuHub.Routing;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Api;

/// <summary>Live routing views, acting on sessions as admin, and the dashboard (SQLite; see <see cref="PostgresAdminSessionTests"/>).</summary>
public class AdminSessionTests : AdminApiTestBase
{
    [Fact]
    public async Task OnlineAgents_Waitings_AndOpenSessions()
    {
        await OnlineAgentAsync("alice@test", max: 1);
        var bob = await ConnectAgentAsync("bob@test");
        await bob.Connection.InvokeAsync("SetState", new SetStateRequest("Busy"), Ct);
        await ConnectAgentAsync("carol@test");
        var first = await ConnectVisitorAsync();
        var second = await ConnectVisitorAsync();
        await first.StartAsync();
        var waiting = await second.StartAsync();

        var online = (await GetAsync(T("/agents/online"))).Ok().Entities.ToList();
        Assert.Equal(
            [("alice@test", "Online", 1, 1), ("bob@test", "Busy", 2, 0)],
            online.Select(a => (a.GetProperty("username").GetString(), a.GetProperty("state").GetString(), a.GetProperty("maxServiceSessionCount").GetInt32(), a.GetProperty("currentSessionCount").GetInt32())));

        var line = (await GetAsync(T("/waitings"))).Ok().Entity;
        Assert.Equal(1, line.GetProperty("count").GetInt32());
        Assert.Equal((waiting.ServiceSessionId, second.Visitor.VisitorId), (line.GetProperty("items")[0].GetProperty("serviceSessionId").GetString(), line.GetProperty("items")[0].GetProperty("visitorId").GetString()));
        Assert.Equal(1, (await GetAsync(T("/waitings?size=1"))).Ok().Entity.GetProperty("items").GetArrayLength());
        (await GetAsync(T("/waitings?size=0"))).Fails(HttpStatusCode.BadRequest, "API_001");
        (await GetAsync(T("/waitings?size=101"))).Fails(HttpStatusCode.BadRequest, "API_001");

        var served = (await GetAsync(T($"/visitors/{first.Visitor.VisitorId}/session"))).Ok().Entity;
        Assert.Equal(("Processing", "alice@test"), (served.GetProperty("state").GetString(), served.GetProperty("agentUsername").GetString()));
        Assert.Equal("Wait", (await GetAsync(T($"/visitors/{second.Visitor.VisitorId}/session"))).Ok().Entity.GetProperty("state").GetString());
        (await GetAsync(T("/visitors/nobody/session"))).Fails(HttpStatusCode.NotFound, "API_404");

        Assert.Equal([first.Visitor.VisitorId], (await GetAsync(T("/agents/ALICE@test/sessions"))).Ok().Entities.Select(s => s.GetProperty("visitorId").GetString()));
        Assert.Empty((await GetAsync(T("/agents/bob@test/sessions"))).Ok().Entities);
        (await GetAsync(T("/agents/nobody@test/sessions"))).Fails(HttpStatusCode.NotFound, "API_104");
    }

    [Fact]
    public async Task CreateSession_OntoAnAgentAtCapacity_ReachesItsHub()
    {
        var alice = await OnlineAgentAsync("alice@test", max: 1);
        await (await ConnectVisitorAsync()).StartAsync();
        await alice.Assigned.NextAsync();
        var visitor = await Server.CreateVisitorAsync("Carol", Ct);

        var created = (await PostAsync(T("/sessions"), new { agentUsername = "alice@test", visitorId = visitor.VisitorId, text = "from the CRM" })).Ok().Entity;

        var id = created.GetProperty("serviceSessionId").GetString();
        Assert.Equal(("Processing", "alice@test", "Carol"), (created.GetProperty("state").GetString(), created.GetProperty("agentUsername").GetString(), created.GetProperty("visitorNickname").GetString()));
        Assert.Equal(id, (await alice.Assigned.NextAsync()).Session.ServiceSessionId);
        var note = await alice.Messages.NextAsync(m => m.ServiceSessionId == id);
        Assert.Equal(("system", "from the CRM"), (note.From, note.Text));
        Assert.Equal(2, (await GetAsync(T("/agents/alice@test/sessions"))).Ok().Entities.Count());

        (await PostAsync(T("/sessions"), new { agentUsername = "alice@test", visitorId = visitor.VisitorId })).Fails(HttpStatusCode.Conflict, "API_409");
        await Server.CreateAgentAsync("offline@test", cancellationToken: Ct);
        var another = await Server.CreateVisitorAsync(cancellationToken: Ct);
        (await PostAsync(T("/sessions"), new { agentUsername = "offline@test", visitorId = another.VisitorId })).Fails(HttpStatusCode.Conflict, "API_409");
        (await PostAsync(T("/sessions"), new { agentUsername = "nobody@test", visitorId = another.VisitorId })).Fails(HttpStatusCode.NotFound, "API_104");
        (await PostAsync(T("/sessions"), new { agentUsername = "alice@test", visitorId = "nobody" })).Fails(HttpStatusCode.NotFound, "API_404");
        (await PostAsync(T("/sessions"), new { agentUsername = "alice@test" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/sessions"), null)).Fails(HttpStatusCode.BadRequest, "API_001");
    }

    [Fact]
    public async Task TransferAndClose_AsAdmin()
    {
        var alice = await OnlineAgentAsync("alice@test");
        var bob = await OnlineAgentAsync("bob@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        var from = (await GetAsync(T($"/visitors/{visitor.Visitor.VisitorId}/session"))).Ok().Entity.GetProperty("agentUsername").GetString();
        var (to, target) = from == "alice@test" ? ("bob@test", bob) : ("alice@test", alice);

        (await PostAsync(T($"/sessions/{id}/transfer"), new { toAgentUsername = to, toQueueId = 1 })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T($"/sessions/{id}/transfer"), new { })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T($"/sessions/{id}/transfer"), new { toQueueId = 999 })).Fails(HttpStatusCode.NotFound, "API_404");
        (await PostAsync(T($"/sessions/{id}/transfer"), new { toAgentUsername = "nobody@test" })).Fails(HttpStatusCode.NotFound, "API_104");
        (await PostAsync(T("/sessions/nope/transfer"), new { toAgentUsername = to })).Fails(HttpStatusCode.NotFound, "API_404");

        var moved = (await PostAsync(T($"/sessions/{id}/transfer"), new { toAgentUsername = to })).Ok().Entity;
        Assert.Equal(to, moved.GetProperty("agentUsername").GetString());
        Assert.Equal(id, (await target.Assigned.NextAsync(a => a.Session.ServiceSessionId == id)).Session.ServiceSessionId);

        var summary = (await PostAsync(T("/summaries"), new { name = "Solved" })).Ok().Entity.GetProperty("id").GetInt32();
        (await PostAsync(T($"/sessions/{id}/close"), new { summaryIds = new[] { 999 } })).Fails(HttpStatusCode.NotFound, "API_404");
        var closed = (await PostAsync(T($"/sessions/{id}/close"), new { summaryIds = new[] { summary }, comment = "ok" })).Ok().Entity;
        Assert.Equal(("Terminal", "ClosedByAdmin"), (closed.GetProperty("state").GetString(), closed.GetProperty("endReason").GetString()));
        Assert.Equal("Terminal", (await visitor.States.NextAsync(s => s.State != "Processing")).State);
        var stored = await Server.Services.GetRequiredService<ISessionStore>().GetSessionAsync(KefuTestServer.TenantId, id, Ct);
        Assert.Equal([summary], stored!.SummaryIds);
        Assert.Equal(("ok", true), (stored.Comment, stored.Transferred));
        (await PostAsync(T($"/sessions/{id}/close"), new { })).Fails(HttpStatusCode.NotFound, "API_404");
    }

    [Fact]
    public async Task Dashboard_CountsByLocalDay_InTheTenantsTimeZone()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        (await PutAsync(T("/timeplan"), new { timeZone = "Asia/Shanghai", worktimes = new[] { new { weekday = 1, start = "09:00", end = "18:00" } } })).Ok();
        var alice = await OnlineAgentAsync("alice@test");
        var bob = await Server.CreateAgentAsync("bob@test", cancellationToken: Ct);
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        var midnight = new DateTimeOffset(today.ToDateTime(TimeOnly.MinValue), zone.BaseUtcOffset);
        var sessions = Server.Services.GetRequiredService<ISessionStore>();

        // Today (local): two new sessions, one still processing; yesterday: one still processing; three days ago: one.
        await SeedAsync(sessions, "today-open", midnight.AddMinutes(1), SessionState.Processing, alice.Agent.UserId);
        await SeedAsync(sessions, "today-closed", midnight.AddMinutes(2), SessionState.Terminal, alice.Agent.UserId);
        await SeedAsync(sessions, "yesterday-open", midnight.AddMinutes(-1), SessionState.Processing, bob.UserId);
        await SeedAsync(sessions, "older", midnight.AddDays(-3).AddHours(5), SessionState.Terminal, bob.UserId);
        await MessageAsync(sessions, "today-open", midnight.AddMinutes(1));
        await MessageAsync(sessions, "today-open", midnight.AddMinutes(3));
        await MessageAsync(sessions, "yesterday-open", midnight.AddSeconds(-30));
        await MessageAsync(sessions, "yesterday-open", midnight.AddSeconds(30));

        var dashboard = (await GetAsync(T("/dashboard"))).Ok().Entity;

        Assert.Equal(("Asia/Shanghai", today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), (dashboard.GetProperty("timeZone").GetString(), dashboard.GetProperty("date").GetString()));
        Assert.Equal((2, 2, 1, 3), (dashboard.GetProperty("todayNewSessions").GetInt32(), dashboard.GetProperty("processingSessions").GetInt32(), dashboard.GetProperty("onlineAgents").GetInt32(), dashboard.GetProperty("todayMessages").GetInt32()));
        var daily = dashboard.GetProperty("dailySessions").EnumerateArray().Select(d => d.GetProperty("count").GetInt32()).ToList();
        var messages = dashboard.GetProperty("dailyMessages").EnumerateArray().Select(d => d.GetProperty("count").GetInt32()).ToList();
        Assert.Equal(30, daily.Count);
        Assert.Equal((2, 1, 0, 1, 4), (daily[29], daily[28], daily[27], daily[26], daily.Sum()));
        Assert.Equal((3, 1, 4), (messages[29], messages[28], messages.Sum()));
        Assert.Equal(today.AddDays(-29).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), dashboard.GetProperty("dailySessions")[0].GetProperty("date").GetString());
        Assert.Equal(
            [("alice@test", 2), ("admin@test", 0), ("bob@test", 0)],
            dashboard.GetProperty("agentSessionsToday").EnumerateArray().Select(a => (a.GetProperty("username").GetString(), a.GetProperty("count").GetInt32())));
    }

    private static ValueTask SeedAsync(ISessionStore sessions, string id, DateTimeOffset createdAt, SessionState state, string agentUserId) =>
        sessions.UpsertSessionAsync(
            new SessionRecord
            {
                TenantId = KefuTestServer.TenantId,
                ServiceSessionId = id,
                VisitorId = "visitor-" + id,
                State = state,
                AgentUserId = agentUserId,
                CreatedAt = createdAt,
                StartedAt = createdAt,
                StoppedAt = state == SessionState.Terminal ? createdAt.AddMinutes(1) : null,
            },
            TestContext.Current.CancellationToken);

    private static async Task MessageAsync(ISessionStore sessions, string id, DateTimeOffset createdAt) =>
        await sessions.AppendMessageAsync(
            new NewMessage
            {
                TenantId = KefuTestServer.TenantId,
                ServiceSessionId = id,
                MessageId = Guid.NewGuid().ToString(),
                From = MessageSender.Visitor,
                Type = "txt",
                Text = "hi",
                CreatedAt = createdAt,
            },
            TestContext.Current.CancellationToken);
}
