using System.Net;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Api;

/// <summary>Queues, settings, time plan, summaries, visitor tags, leave messages, webhook config (SQLite; see <see cref="PostgresAdminConfigurationTests"/>).</summary>
public class AdminConfigurationTests : AdminApiTestBase
{
    [Fact]
    public async Task Queues_Crud_WithMembersByUsername()
    {
        await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);
        await Server.CreateAgentAsync("bob@test", cancellationToken: Ct);

        var created = (await PostAsync(T("/queues"), new { queueName = " Sales ", agentUsernames = new[] { "alice@test", "ALICE@test" } })).Ok().Entity;
        var id = created.GetProperty("queueId").GetInt32();
        Assert.Equal("Sales", created.GetProperty("queueName").GetString());
        Assert.Equal(["alice@test"], created.GetProperty("agentUsernames").EnumerateArray().Select(u => u.GetString()));

        var renamed = (await PutAsync(T($"/queues/{id}"), new { queueName = "Support" })).Ok().Entity;
        Assert.Equal(["alice@test"], renamed.GetProperty("agentUsernames").EnumerateArray().Select(u => u.GetString()));
        var moved = (await PutAsync(T($"/queues/{id}"), new { agentUsernames = new[] { "bob@test" } })).Ok().Entity;
        Assert.Equal(("Support", "bob@test"), (moved.GetProperty("queueName").GetString(), moved.GetProperty("agentUsernames")[0].GetString()));
        Assert.Equal("Support", (await GetAsync(T($"/queues/{id}"))).Ok().Entity.GetProperty("queueName").GetString());
        Assert.Single((await GetAsync(T("/queues"))).Ok().Entities);

        (await PostAsync(T("/queues"), new { queueName = "" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/queues"), new { queueName = new string('q', 101) })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/queues"), new { queueName = "x", agentUsernames = new[] { "nobody@test" } })).Fails(HttpStatusCode.NotFound, "API_104");
        (await PutAsync(T($"/queues/{id}"), null)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/queues/999"), new { queueName = "x" })).Fails(HttpStatusCode.NotFound, "API_404");

        (await DeleteAsync(T($"/queues/{id}"))).Ok();
        (await GetAsync(T($"/queues/{id}"))).Fails(HttpStatusCode.NotFound, "API_404");
        (await DeleteAsync(T($"/queues/{id}"))).Fails(HttpStatusCode.NotFound, "API_404");
        Assert.Empty((await GetAsync(T("/queues"))).Ok().Entities);
    }

    [Fact]
    public async Task Queue_NewMember_ReceivesTheSessionWaitingThere()
    {
        var alice = await OnlineAgentAsync("alice@test");
        var queue = (await PostAsync(T("/queues"), new { queueName = "Sales" })).Ok().Entity.GetProperty("queueId").GetInt32();
        var visitor = await ConnectVisitorAsync();
        var started = await visitor.StartAsync(new StartSessionRequest(QueueId: queue));
        Assert.Equal("Wait", started.State);

        (await PutAsync(T($"/queues/{queue}"), new { agentUsernames = new[] { "alice@test" } })).Ok();

        Assert.Equal(started.ServiceSessionId, (await alice.Assigned.NextAsync()).Session.ServiceSessionId);
    }

    [Fact]
    public async Task TimePlan_PutGetDelete_AndAHolidayTodayTurnsStartSessionIntoLeaveMessage()
    {
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await GetAsync(T("/timeplan"))).Ok().Entity.ValueKind);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        var plan = new
        {
            timeZone = "Asia/Shanghai",
            worktimes = Enumerable.Range(0, 7).Select(d => new { weekday = d, start = "00:00", end = "23:59" }).ToArray(),
            holidays = new[] { new { date = today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), note = "today" } },
        };
        (await PutAsync(T("/timeplan"), plan)).Ok();
        var stored = (await GetAsync(T("/timeplan"))).Ok().Entity;
        Assert.Equal(("Asia/Shanghai", 7, "today"), (stored.GetProperty("timeZone").GetString(), stored.GetProperty("worktimes").GetArrayLength(), stored.GetProperty("holidays")[0].GetProperty("note").GetString()));

        var closed = await (await ConnectVisitorAsync()).StartAsync();
        Assert.Equal("LeaveMessage", closed.State);
        Assert.Null(closed.ServiceSessionId);

        (await DeleteAsync(T("/timeplan"))).Ok();
        Assert.Equal("Wait", (await (await ConnectVisitorAsync()).StartAsync()).State);

        foreach (var invalid in new object?[]
        {
            null,
            new { timeZone = "Mars/Olympus" },
            new { timeZone = "UTC", worktimes = new[] { new { weekday = 7, start = "09:00", end = "18:00" } } },
            new { timeZone = "UTC", worktimes = new[] { new { weekday = 1, start = "25:00", end = "18:00" } } },
            new { timeZone = "UTC", worktimes = new[] { new { weekday = 1, start = "09:00", end = "09:00" } } },
            new { timeZone = "UTC", holidays = new[] { new { date = "2026-13-01", note = "x" } } },
        })
        {
            (await PutAsync(T("/timeplan"), invalid)).Fails(HttpStatusCode.BadRequest, "API_001");
        }
    }

    [Fact]
    public async Task Settings_PartialUpdate_TakesEffectAtOnce()
    {
        var defaults = (await GetAsync(T("/settings"))).Ok().Entity;
        Assert.Equal((60, true), (defaults.GetProperty("agentOfflineGraceSeconds").GetInt32(), defaults.GetProperty("offDutyReminderEnabled").GetBoolean()));

        var updated = (await PutAsync(T("/settings"), new { welcomeMessage = "Welcome!", visitorWaitGraceSeconds = 30 })).Ok().Entity;
        Assert.Equal(("Welcome!", 30, 60), (updated.GetProperty("welcomeMessage").GetString(), updated.GetProperty("visitorWaitGraceSeconds").GetInt32(), updated.GetProperty("agentOfflineGraceSeconds").GetInt32()));
        await OnlineAgentAsync("alice@test");
        Assert.Equal("Welcome!", (await (await ConnectVisitorAsync()).StartAsync()).Welcome);

        var queue = (await PostAsync(T("/queues"), new { queueName = "Sales" })).Ok().Entity.GetProperty("queueId").GetInt32();
        Assert.Equal(queue, (await PutAsync(T("/settings"), new { defaultQueueId = queue })).Ok().Entity.GetProperty("defaultQueueId").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await PutAsync(T("/settings"), new { defaultQueueId = 0, welcomeMessage = "" })).Ok().Entity.GetProperty("defaultQueueId").ValueKind);
        var cleared = (await GetAsync(T("/settings"))).Ok().Entity;
        Assert.Equal((System.Text.Json.JsonValueKind.Null, 30), (cleared.GetProperty("welcomeMessage").ValueKind, cleared.GetProperty("visitorWaitGraceSeconds").GetInt32()));

        (await PutAsync(T("/settings"), null)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/settings"), new { agentOfflineGraceSeconds = -1 })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/settings"), new { specifiedAgentTimeoutSeconds = 86_401 })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/settings"), new { welcomeMessage = new string('w', 1001) })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/settings"), new { allowedOrigins = new[] { "https://shop.example.com/path" } })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/settings"), new { defaultQueueId = 999 })).Fails(HttpStatusCode.NotFound, "API_404");
    }

    [Fact]
    public async Task Summaries_AreATree_MovesCannotMakeCycles_DeleteTakesTheSubtree()
    {
        var root = (await PostAsync(T("/summaries"), new { name = "Billing", color = 0xFF0000 })).Ok().Entity.GetProperty("id").GetInt32();
        var child = (await PostAsync(T("/summaries"), new { name = "Refund", parentId = root })).Ok().Entity.GetProperty("id").GetInt32();
        var grandchild = (await PostAsync(T("/summaries"), new { name = "Late refund", parentId = child })).Ok().Entity.GetProperty("id").GetInt32();
        var other = (await PostAsync(T("/summaries"), new { name = "Shipping" })).Ok().Entity.GetProperty("id").GetInt32();

        (await PutAsync(T($"/summaries/{root}"), new { parentId = grandchild })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T($"/summaries/{root}"), new { parentId = root })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T($"/summaries/{root}"), new { parentId = 999 })).Fails(HttpStatusCode.NotFound, "API_404");
        (await PostAsync(T("/summaries"), new { name = "x", parentId = 999 })).Fails(HttpStatusCode.NotFound, "API_404");
        (await PostAsync(T("/summaries"), new { name = " " })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/summaries"), new { name = "x", color = 0x1000000 })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/summaries/999"), new { name = "x" })).Fails(HttpStatusCode.NotFound, "API_404");

        var moved = (await PutAsync(T($"/summaries/{child}"), new { parentId = other, name = "Refunds" })).Ok().Entity;
        Assert.Equal((other, "Refunds", 0), (moved.GetProperty("parentId").GetInt32(), moved.GetProperty("name").GetString(), moved.GetProperty("color").GetInt32()));

        (await DeleteAsync(T($"/summaries/{other}"))).Ok();
        var left = (await GetAsync(T("/summaries"))).Ok().Entities.ToList();
        Assert.Equal([(root, "Billing", 0xFF0000, 0)], left.Select(s => (s.GetProperty("id").GetInt32(), s.GetProperty("name").GetString(), s.GetProperty("color").GetInt32(), s.GetProperty("parentId").GetInt32())));
        (await DeleteAsync(T($"/summaries/{grandchild}"))).Fails(HttpStatusCode.NotFound, "API_404");
    }

    [Fact]
    public async Task VisitorTags_Crud()
    {
        var id = (await PostAsync(T("/visitorTags"), new { name = "VIP", color = 0x00FF00 })).Ok().Entity.GetProperty("id").GetInt32();
        var updated = (await PutAsync(T($"/visitorTags/{id}"), new { name = "Gold" })).Ok().Entity;
        Assert.Equal(("Gold", 0x00FF00), (updated.GetProperty("name").GetString(), updated.GetProperty("color").GetInt32()));
        Assert.Equal("Gold", (await GetAsync(T("/visitorTags"))).Ok().Entities.Single().GetProperty("name").GetString());

        (await PostAsync(T("/visitorTags"), new { color = 1 })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T($"/visitorTags/{id}"), new { color = -1 })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/visitorTags/999"), new { name = "x" })).Fails(HttpStatusCode.NotFound, "API_404");

        (await DeleteAsync(T($"/visitorTags/{id}"))).Ok();
        (await DeleteAsync(T($"/visitorTags/{id}"))).Fails(HttpStatusCode.NotFound, "API_404");
        Assert.Empty((await GetAsync(T("/visitorTags"))).Ok().Entities);
    }

    [Fact]
    public async Task LeaveMessages_NewestFirst_FilteredByStatus_Paged()
    {
        var visitor = await ConnectVisitorAsync();
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add((await visitor.Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest(Name: "Bob", Content: $"message {i}"), Ct)).LeaveMessageId);
        }

        var page1 = (await GetAsync(T("/leaveMessages?page=1&per_page=2"))).Ok().Entities.ToList();
        var page3 = (await GetAsync(T("/leaveMessages?page=3&per_page=2"))).Ok().Entities.ToList();
        Assert.Equal(["message 4", "message 3"], page1.Select(m => m.GetProperty("content").GetString()));
        Assert.Equal(["message 0"], page3.Select(m => m.GetProperty("content").GetString()));
        Assert.Empty((await GetAsync(T("/leaveMessages?page=4&per_page=2"))).Ok().Entities);

        var resolved = (await PutAsync(T($"/leaveMessages/{ids[1]}"), new { status = "resolved" })).Ok().Entity;
        Assert.Equal("Resolved", resolved.GetProperty("status").GetString());
        Assert.Equal([ids[1]], (await GetAsync(T("/leaveMessages?status=Resolved"))).Ok().Entities.Select(m => m.GetProperty("leaveMessageId").GetInt64()));
        Assert.Equal(4, (await GetAsync(T("/leaveMessages?status=Untreated"))).Ok().Entities.Count());

        (await GetAsync(T("/leaveMessages?page=0"))).Fails(HttpStatusCode.BadRequest, "API_111");
        (await GetAsync(T("/leaveMessages?per_page=51"))).Fails(HttpStatusCode.BadRequest, "API_112");
        (await GetAsync(T("/leaveMessages?per_page=0"))).Fails(HttpStatusCode.BadRequest, "API_001");
        (await GetAsync(T("/leaveMessages?status=Done"))).Fails(HttpStatusCode.BadRequest, "API_001");
        (await GetAsync(T("/leaveMessages?status=2"))).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T($"/leaveMessages/{ids[0]}"), new { status = "Closed" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/leaveMessages/99999"), new { status = "Resolved" })).Fails(HttpStatusCode.NotFound, "API_404");
    }

    [Fact]
    public async Task Webhook_PutValidates_GetNeverShowsTheSecret_DeleteRemoves()
    {
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await GetAsync(T("/webhook"))).Ok().Entity.ValueKind);
        foreach (var invalid in new object?[]
        {
            null,
            new { url = "ftp://example.com/hook", secret = "0123456789abcdef" },
            new { url = "/relative", secret = "0123456789abcdef" },
            new { url = "https://user:pass@example.com/hook", secret = "0123456789abcdef" },
            new { url = "https://example.com/hook", secret = "short" },
            new { url = "https://example.com/hook" },
        })
        {
            (await PutAsync(T("/webhook"), invalid)).Fails(HttpStatusCode.BadRequest, "API_001");
        }

        (await PutAsync(T("/webhook"), new { url = "https://example.com/hook", secret = "0123456789abcdef" })).Ok();
        var shown = (await GetAsync(T("/webhook"))).Ok();
        Assert.Equal("https://example.com/hook", shown.Entity.GetProperty("url").GetString());
        Assert.DoesNotContain("0123456789abcdef", shown.Body.GetRawText(), StringComparison.Ordinal);

        (await DeleteAsync(T("/webhook"))).Ok();
        (await DeleteAsync(T("/webhook"))).Fails(HttpStatusCode.NotFound, "API_404");
        Assert.Null(await Server.Services.GetRequiredService<IWebhookStore>().GetWebhookAsync(KefuTestServer.TenantId, Ct));
    }
}
