using System.Net;
using System.Text;
using System.Text.Json;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.AdminConsole;

/// <summary>The console's page and the REST calls only the console needs: live monitor, time plan preview, history CSV.</summary>
public sealed class ConsoleApiTests : AdminApiTestBase
{
    [Fact]
    public async Task AdminPage_IsServedUnderAStrictPolicy_WithNoInlineScriptOrStyle()
    {
        using var response = await Server.Http.GetAsync("/admin", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(AppPageHostingExtensions.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'self'", AppPageHostingExtensions.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", AppPageHostingExtensions.ContentSecurityPolicy, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Matches("<script src=\"/admin.js\\?v=[0-9a-f]+\" defer></script>", html);
        Assert.Matches("<link rel=\"stylesheet\" href=\"/admin.css\\?v=[0-9a-f]+\">", html);
        Assert.Equal(1, html.Split("<script", StringSplitOptions.None).Length - 1);
        Assert.DoesNotContain("<style", html, StringComparison.Ordinal);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);

        using var script = await Server.Http.GetAsync("/admin.js", Ct);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        using var styles = await Server.Http.GetAsync("/admin.css", Ct);
        Assert.Equal(HttpStatusCode.OK, styles.StatusCode);
        Assert.Equal("text/css", styles.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Monitor_ShowsEveryAgent_EveryQueueLine_AndTheOldestWaiting()
    {
        var alice = await OnlineAgentAsync("alice@test", max: 1);
        var bob = await ConnectAgentAsync("bob@test", max: 3);
        var billing = await Server.CreateQueueAsync("Billing", [alice.Agent], Ct);
        var returns = await Server.CreateQueueAsync("Returns", [bob.Agent], Ct);

        var served = await (await ConnectVisitorAsync("Served")).StartAsync(new StartSessionRequest(billing));
        Assert.Equal("Processing", served.State);
        var first = await (await ConnectVisitorAsync("First in line")).StartAsync(new StartSessionRequest(billing));
        var second = await (await ConnectVisitorAsync("Second")).StartAsync(new StartSessionRequest(returns));
        var third = await (await ConnectVisitorAsync(null)).StartAsync();
        Assert.Equal(["Wait", "Wait", "Wait"], new[] { first.State, second.State, third.State });

        var monitor = (await GetAsync(T("/monitor"))).Ok().Entity;

        var agents = monitor.GetProperty("agents").EnumerateArray().ToDictionary(a => a.GetProperty("username").GetString()!);
        Assert.Equal(["admin@test", "alice@test", "bob@test"], agents.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("Online", 1, 1, true), Load(agents["alice@test"]));
        Assert.Equal(("Offline", 0, 3, true), Load(agents["bob@test"]));
        Assert.Equal([billing], agents["alice@test"].GetProperty("queueIds").EnumerateArray().Select(q => q.GetInt32()));

        var lines = monitor.GetProperty("queues").EnumerateArray().ToList();
        Assert.Equal([(int?)billing, returns, null], lines.Select(q => q.GetProperty("queueId").ValueKind == JsonValueKind.Null ? null : (int?)q.GetProperty("queueId").GetInt32()));
        Assert.Equal(("Billing", 1, 1, 1, 0), Line(lines[0]));
        Assert.Equal(("Returns", 1, 1, 0, 0), Line(lines[1]));
        Assert.Equal((null, 1, 3, 1, 0), Line(lines[2]));
        Assert.All(lines, q => Assert.Equal(JsonValueKind.String, q.GetProperty("oldestCreateDatetime").ValueKind));

        Assert.Equal(3, monitor.GetProperty("waitingCount").GetInt32());
        var waiting = monitor.GetProperty("waiting").EnumerateArray().ToList();
        Assert.Equal([first.ServiceSessionId, second.ServiceSessionId, third.ServiceSessionId], waiting.Select(w => w.GetProperty("serviceSessionId").GetString()));
        Assert.Equal(["First in line", "Second", null], waiting.Select(w => w.GetProperty("visitorNickname").GetString()));
        Assert.Equal(returns, waiting[1].GetProperty("queueId").GetInt32());

        (await GetAsync(T("/monitor"), alice.Agent.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await GetAsync(T("/monitor"), await OtherTenantTokenAsync())).Fails(HttpStatusCode.Forbidden, "API_003");
        (await GetAsync(T("/monitor"), string.Empty)).Fails(HttpStatusCode.Unauthorized, "API_002");

        static (string, int, int, bool) Load(JsonElement a) =>
            (a.GetProperty("state").GetString()!, a.GetProperty("currentSessionCount").GetInt32(), a.GetProperty("maxServiceSessionCount").GetInt32(), a.GetProperty("enabled").GetBoolean());

        static (string?, int, int, int, int) Line(JsonElement q) =>
            (q.GetProperty("queueName").GetString(), q.GetProperty("waitingCount").GetInt32(), q.GetProperty("members").GetInt32(), q.GetProperty("onlineMembers").GetInt32(), q.GetProperty("freeSlots").GetInt32());
    }

    [Fact]
    public async Task TimePlanPreview_AnswersOpenAndTheNextChange_AcrossMidnightAndOnHolidays()
    {
        object Plan(string at) => new
        {
            timeZone = "Asia/Shanghai",
            worktimes = new object[] { new { weekday = 1, start = "22:00", end = "02:00" }, new { weekday = 4, start = "09:00", end = "18:00" } },
            holidays = new object[] { new { date = "2026-10-01", note = "National Day" } },
            at,
        };

        // Monday 23:30 in Shanghai: inside Monday's window, which ends on Tuesday at 02:00.
        var lateMonday = (await PostAsync(T("/timeplan/preview"), Plan("2026-11-23T23:30:00+08:00"))).Ok().Entity;
        Assert.True(lateMonday.GetProperty("open").GetBoolean());
        Assert.Equal("2026-11-23 23:30", lateMonday.GetProperty("localTime").GetString());
        Assert.Equal(1, lateMonday.GetProperty("weekday").GetInt32());
        Assert.Equal(JsonValueKind.Null, lateMonday.GetProperty("holiday").ValueKind);
        Assert.Equal(DateTimeOffset.Parse("2026-11-23T18:00:00Z", System.Globalization.CultureInfo.InvariantCulture), lateMonday.GetProperty("nextChange").GetDateTimeOffset());
        Assert.Equal("2026-11-24 02:00", lateMonday.GetProperty("nextChangeLocalTime").GetString());

        // Tuesday 01:59 is still Monday's window; 02:00 is closed until Thursday 09:00.
        Assert.True((await PostAsync(T("/timeplan/preview"), Plan("2026-11-24T01:59:00+08:00"))).Ok().Entity.GetProperty("open").GetBoolean());
        var tuesday = (await PostAsync(T("/timeplan/preview"), Plan("2026-11-24T02:00:00+08:00"))).Ok().Entity;
        Assert.False(tuesday.GetProperty("open").GetBoolean());
        Assert.Equal("2026-11-26 09:00", tuesday.GetProperty("nextChangeLocalTime").GetString());

        // Thursday 1 October is a holiday: closed all day, whatever the weekly hours.
        var holiday = (await PostAsync(T("/timeplan/preview"), Plan("2026-10-01T10:00:00+08:00"))).Ok().Entity;
        Assert.False(holiday.GetProperty("open").GetBoolean());
        Assert.Equal("National Day", holiday.GetProperty("holiday").GetString());
        Assert.Equal("2026-10-05 22:00", holiday.GetProperty("nextChangeLocalTime").GetString());

        // Nothing is ever open: no change to look forward to.
        var never = (await PostAsync(T("/timeplan/preview"), new { timeZone = "UTC", worktimes = Array.Empty<object>(), holidays = Array.Empty<object>(), at = "2026-11-23T12:00:00Z" })).Ok().Entity;
        Assert.False(never.GetProperty("open").GetBoolean());
        Assert.Equal(JsonValueKind.Null, never.GetProperty("nextChange").ValueKind);

        // The same checks as PUT /timeplan, and nothing is saved.
        (await PostAsync(T("/timeplan/preview"), new { timeZone = "UTC", worktimes = new[] { new { weekday = 1, start = "09:00", end = "09:00" } } })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/timeplan/preview"), new { timeZone = "Mars/Olympus", worktimes = Array.Empty<object>() })).Fails(HttpStatusCode.BadRequest, "API_001");
        Assert.Equal(JsonValueKind.Null, (await GetAsync(T("/timeplan"))).Ok().Entity.ValueKind);
        var agent = await Server.CreateAgentAsync("carol@test", cancellationToken: Ct);
        (await PostAsync(T("/timeplan/preview"), Plan("2026-11-23T23:30:00+08:00"), agent.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
    }

    [Fact]
    public async Task HistoryExport_IsTheFilteredHistory_AsCsvThatSpreadsheetsCannotRun()
    {
        var alice = await OnlineAgentAsync("alice@test", max: 5);
        var summary = (await PostAsync(T("/summaries"), new { name = "Refund, \"fast\"" })).Ok().Entity.GetProperty("id").GetInt32();
        var closed = await StartServedAsync(alice, "=HYPERLINK(\"http://evil.example\",\"x\")");
        (await PostAsync(T($"/sessions/{closed}/close"), new { summaryIds = new[] { summary }, comment = "line one\nline \"two\"" })).Ok();
        var other = await StartServedAsync(alice, "Wang 王");
        (await PostAsync(T($"/sessions/{other}/close"), new { })).Ok();
        var open = await StartServedAsync(alice, "Still chatting");

        using var request = new HttpRequestMessage(HttpMethod.Get, T("/serviceSessionHistorys/export?state=Terminal&sortOrder=asc&page=3&per_page=1"));
        request.Headers.Add("Kefu-Token", await AdminTokenAsync());
        using var response = await Server.Http.SendAsync(request, Ct);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Matches("^sessions-1-\\d{4}-\\d\\d-\\d\\d\\.csv$", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal("2", response.Headers.GetValues("X-Kefu-Total-Entries").Single());
        Assert.Equal("2", response.Headers.GetValues("X-Kefu-Exported-Entries").Single());
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);

        var rows = ParseCsv(Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3));
        Assert.Equal("serviceSessionId", rows[0][0]);
        var id = Array.IndexOf(rows[0], "serviceSessionId");
        var nickname = Array.IndexOf(rows[0], "visitorNickname");
        Assert.Equal([closed, other], rows.Skip(1).Select(r => r[id]));
        Assert.DoesNotContain(open, rows.SelectMany(r => r));
        var first = rows[1];
        Assert.Equal("'=HYPERLINK(\"http://evil.example\",\"x\")", first[nickname]);
        Assert.Equal("Terminal", first[Array.IndexOf(rows[0], "state")]);
        Assert.Equal("alice@test", first[Array.IndexOf(rows[0], "agentUsername")]);
        Assert.Equal("Refund, \"fast\"", first[Array.IndexOf(rows[0], "summarys")]);
        Assert.Equal("line one\nline \"two\"", first[Array.IndexOf(rows[0], "comment")]);
        Assert.Equal("Wang 王", rows[2][nickname]);

        using var chinese = new HttpRequestMessage(HttpMethod.Get, T("/serviceSessionHistorys/export?lang=zh-CN"));
        chinese.Headers.Add("Kefu-Token", await AdminTokenAsync());
        using var zh = await Server.Http.SendAsync(chinese, Ct);
        var zhRows = ParseCsv((await zh.Content.ReadAsStringAsync(Ct)).TrimStart('\uFEFF'));
        Assert.Equal("会话ID", zhRows[0][0]);
        Assert.Equal(4, zhRows.Count);

        (await GetAsync(T("/serviceSessionHistorys/export?state=Bogus"))).Fails(HttpStatusCode.BadRequest, "API_001");
        (await GetAsync(T("/serviceSessionHistorys/export"), alice.Agent.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await GetAsync(T("/serviceSessionHistorys/export"), await OtherTenantTokenAsync())).Fails(HttpStatusCode.Forbidden, "API_003");
    }

    /// <summary>A visitor with this nickname served by the agent, with one message each way; the session id.</summary>
    private async Task<string> StartServedAsync(Server.Hubs.AgentClient agent, string nickname)
    {
        var visitor = await ConnectVisitorAsync(nickname);
        var started = await visitor.StartAsync();
        Assert.Equal("Processing", started.State);
        await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(started.ServiceSessionId!, "hello"), Ct);
        await agent.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(started.ServiceSessionId!, "hi"), Ct);
        return started.ServiceSessionId!;
    }

    /// <summary>RFC 4180: quoted fields with doubled quotes and line breaks inside, CRLF between records.</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return rows;
    }
}
