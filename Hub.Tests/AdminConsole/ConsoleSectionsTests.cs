using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Widget;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace KefuHub.Tests.AdminConsole;

/// <summary>Each section of the console does what it shows: every change made there is what the REST API then answers.</summary>
public sealed class ConsoleSectionsTests(Chromium chromium) : ConsoleBrowserTestBase(chromium), IClassFixture<Chromium>
{
    [Fact]
    public async Task Agents_SearchEditRoleAndMaximum_DisableEnable_ResetPassword_Delete_AndShowTheApisErrors()
    {
        await CreateAgentAsync("dave@test", 2, "Dave");
        await CreateAgentAsync("erin@test", 2, "Erin");
        var page = await OpenConsoleAsync();
        await SignInAsync(page);
        await NavigateAsync(page, "agents");

        await page.Locator("[data-kefu=agent-search]").FillAsync("dave");
        await Assertions.Expect(page.Locator("tr[data-username]")).ToHaveCountAsync(1);
        var dave = page.Locator("tr[data-username='dave@test']");

        // Edit: role and maximum reach the API (and routing).
        await dave.Locator("[data-action=edit]").ClickAsync();
        var dialog = page.Locator("dialog[open]");
        await dialog.Locator("select[name=roleId]").SelectOptionAsync("1");
        await dialog.Locator("input[name=maxServiceSessionCount]").FillAsync("7");
        await dialog.Locator("input[name=agentNumber]").FillAsync("A-007");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dave).ToContainTextAsync("Administrator");
        var stored = await AgentAsync("dave@test");
        Assert.Equal((7, "admin,agent", "A-007"), (stored.GetProperty("maxServiceSessionCount").GetInt32(), stored.GetProperty("roles").GetString(), stored.GetProperty("agentNumber").GetString()));

        // Disable asks first, then signs Dave out for good; enable lets him in again.
        await dave.Locator("[data-action=disable]").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("signed out at once");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dave).ToContainTextAsync("Disabled");
        Assert.Equal("Disable", (await AgentAsync("dave@test")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync("dave@test", "password-dave@test"));
        await dave.Locator("[data-action=enable]").ClickAsync();
        await Assertions.Expect(dave).ToContainTextAsync("Enabled");
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync("dave@test", "password-dave@test"));

        // Reset password: a too-short one is refused in the form; then the new one works and the old does not.
        await dave.Locator("[data-action=password]").ClickAsync();
        await dialog.Locator("input[name=new-password]").FillAsync("short");
        await dialog.Locator("input[name=repeat-password]").FillAsync("short");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dialog.Locator(".field-error").First).ToHaveTextAsync("At least 8 characters.");
        await dialog.Locator("input[name=new-password]").FillAsync("dave-new-password");
        await dialog.Locator("input[name=repeat-password]").FillAsync("dave-new-password");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync("dave@test", "dave-new-password"));
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync("dave@test", "password-dave@test"));

        // The API's own error, in the dialog, which stays open: a username that exists.
        await page.Locator("[data-kefu=agent-search]").FillAsync(string.Empty);
        await Assertions.Expect(page.Locator("tr[data-username]")).ToHaveCountAsync(3);
        await page.Locator("[data-kefu=agent-create]").ClickAsync();
        await dialog.Locator("input[name=nicename]").FillAsync("Erin again");
        await dialog.Locator("input[name=username]").FillAsync("erin@test");
        await dialog.Locator("input[name=password]").FillAsync("erin-password-2");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dialog.Locator(".dialog-error")).ToHaveTextAsync("agent user already exist");
        await page.Keyboard.PressAsync("Escape");

        // Delete asks first.
        await page.Locator("tr[data-username='erin@test'] [data-action=delete]").ClickAsync();
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-username='erin@test']")).ToHaveCountAsync(0);
        Assert.Equal(0, (await RestAsync(HttpMethod.Get, "/agents?keyValue=erin@test")).GetProperty("totalElements").GetInt32());
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Settings_SummaryTree_Tags_Webhook_AndLeaveMessages_SaveWhatTheyShow()
    {
        var page = await OpenConsoleAsync();
        await SignInAsync(page);

        // Settings, the write-only secret included.
        await NavigateAsync(page, "settings");
        await page.Locator("input[name=enterpriseName]").FillAsync("Acme 客服");
        await page.Locator("input[name=themeColor]").FillAsync("#12");
        await page.Locator("[data-kefu=settings-save]").ClickAsync();
        await Assertions.Expect(page.Locator("input[name=themeColor]")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.Locator("input[name=themeColor]").FillAsync("#4f46e5");
        await page.Locator("input[name=inactivityCloseMinutes]").FillAsync("30");
        await page.GetByRole(AriaRole.Switch, new() { Name = "Agents must choose a summary to close a session" }).CheckAsync();
        await page.GetByRole(AriaRole.Switch, new() { Name = "Show the agent's nickname to visitors" }).UncheckAsync();
        await page.Locator("textarea[name=allowedOrigins]").FillAsync("https://shop.example.com/path");
        await page.Locator("[data-kefu=settings-save]").ClickAsync();
        await Assertions.Expect(page.Locator(".toast-error")).ToContainTextAsync("allowedOrigins holds at most 50 origins such as https://shop.example.com.");
        await page.Locator("textarea[name=allowedOrigins]").FillAsync("https://shop.example.com\nHTTPS://WWW.Example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();
        var secret = await page.Locator("input[name=identitySecret]").InputValueAsync();
        Assert.Equal(40, secret.Length);
        await page.Locator("[data-kefu=settings-save]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-kefu=identity-secret-state]")).ToHaveTextAsync("Set");
        await Assertions.Expect(page.Locator("input[name=identitySecret]")).ToHaveValueAsync(string.Empty);
        await Assertions.Expect(page.Locator("textarea[name=allowedOrigins]")).ToHaveValueAsync("https://shop.example.com\nhttps://www.example.com");
        var settings = (await RestAsync(HttpMethod.Get, "/settings")).GetProperty("entity");
        Assert.Equal("Acme 客服", settings.GetProperty("enterpriseName").GetString());
        Assert.Equal("#4f46e5", settings.GetProperty("themeColor").GetString());
        Assert.Equal(30, settings.GetProperty("inactivityCloseMinutes").GetInt32());
        Assert.True(settings.GetProperty("summaryRequired").GetBoolean());
        Assert.False(settings.GetProperty("showAgentNickname").GetBoolean());
        Assert.True(settings.GetProperty("identitySecretSet").GetBoolean());
        Assert.False(settings.TryGetProperty("identitySecret", out _));
        // The secret the console generated is the one visitors' hashes are checked with.
        var userHash = Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), "user-42"u8));
        using (var signUp = await Server.Http.PostAsJsonAsync("/api/tenants/1/visitors", new { userId = "user-42", userHash }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);
        }

        // The summary tree: a root, a child under it, deleting the root deletes the branch.
        await NavigateAsync(page, "summaries");
        await page.Locator("[data-kefu=summary-create]").ClickAsync();
        var dialog = page.Locator("dialog[open]");
        await dialog.Locator("input[name=name]").FillAsync("Billing");
        await dialog.Locator("button[type=submit]").ClickAsync();
        var billing = page.Locator("[data-summary-id]", new() { Has = page.Locator(".tree-name", new() { HasText = "Billing" }) });
        await billing.Locator("[data-action=add-child]").First.ClickAsync();
        await Assertions.Expect(dialog.Locator("select[name=parentId] option:checked")).ToHaveTextAsync("Billing");
        await dialog.Locator("input[name=name]").FillAsync("Refund");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(billing.Locator("ul .tree-name")).ToHaveTextAsync("Refund");
        var tree = (await RestAsync(HttpMethod.Get, "/summaries")).GetProperty("entities").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        Assert.Equal(tree["Billing"].GetProperty("id").GetInt32(), tree["Refund"].GetProperty("parentId").GetInt32());
        await billing.Locator(":scope > .tree-row [data-action=delete]").ClickAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("1 sub-summaries");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-summary-id]")).ToHaveCountAsync(0);
        Assert.Empty((await RestAsync(HttpMethod.Get, "/summaries")).GetProperty("entities").EnumerateArray());

        // Visitor tags with their colour.
        await NavigateAsync(page, "visitor-tags");
        await page.Locator("[data-kefu=tag-create]").ClickAsync();
        await dialog.Locator("input[name=name]").FillAsync("VIP");
        await dialog.Locator("input[name=color]").FillAsync("#dc2626");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator("tr[data-tag-id] .tag-chip")).ToHaveTextAsync("VIP");
        var tag = (await RestAsync(HttpMethod.Get, "/visitorTags")).GetProperty("entities")[0];
        Assert.Equal(("VIP", 0xdc2626), (tag.GetProperty("name").GetString(), tag.GetProperty("color").GetInt32()));

        // The webhook: saved with a generated secret, then deleted.
        await NavigateAsync(page, "webhook");
        await page.Locator("input[name=url]").FillAsync("https://hooks.example.com/kefu");
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate" }).ClickAsync();
        await page.Locator("[data-kefu=webhook-save]").ClickAsync();
        await Assertions.Expect(page.Locator(".banner-ok")).ToContainTextAsync("https://hooks.example.com/kefu");
        Assert.Equal("https://hooks.example.com/kefu", (await RestAsync(HttpMethod.Get, "/webhook")).GetProperty("entity").GetProperty("url").GetString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".banner")).ToHaveTextAsync("No webhook: events are not recorded.");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await RestAsync(HttpMethod.Get, "/webhook")).GetProperty("entity").ValueKind);

        // A leave message marked resolved, then found under its tab.
        var visitor = Server.VisitorConnection((await Server.CreateVisitorAsync("Li Na", Ct)).Token);
        await using (visitor)
        {
            await visitor.StartAsync(Ct);
            await visitor.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest("Li Na", "138 0000 0000", null, "Call me back, please."), Ct);
        }

        await NavigateAsync(page, "leave-messages");
        var message = page.Locator("[data-leave-message-id]");
        await Assertions.Expect(message).ToContainTextAsync("Call me back, please.");
        await message.Locator("select").SelectOptionAsync("Resolved");
        await Assertions.Expect(message.Locator(".pill")).ToHaveTextAsync("Resolved");
        Assert.Equal("Resolved", (await RestAsync(HttpMethod.Get, "/leaveMessages")).GetProperty("entities")[0].GetProperty("status").GetString());
        await page.GetByRole(AriaRole.Tab, new() { Name = "New" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-kefu=leave-messages] .empty")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "New" }).PressAsync("ArrowRight");
        await Assertions.Expect(page.GetByRole(AriaRole.Tab, new() { Name = "In progress" })).ToBeFocusedAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Resolved" }).ClickAsync();
        await Assertions.Expect(message).ToHaveCountAsync(1);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task TimePlan_PreviewsOpenNowAsTheServerDecides_CrossesMidnight_SavesAndRemoves()
    {
        var page = await OpenConsoleAsync();
        await SignInAsync(page);
        await NavigateAsync(page, "timeplan");
        var status = page.Locator("[data-kefu=open-now]");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-open", "true");
        await Assertions.Expect(status).ToContainTextAsync("always open");

        await page.GetByRole(AriaRole.Button, new() { Name = "Set working hours" }).ClickAsync();
        var zone = page.Locator("input[name=timeZone]");
        await zone.FillAsync("UTC");
        await zone.DispatchEventAsync("change");

        // Today (UTC) a holiday: closed, whatever the hours.
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add holiday" }).ClickAsync();
        var date = page.Locator(".holiday input[type=date]");
        await date.FillAsync(today);
        await date.DispatchEventAsync("change");
        await page.Locator(".holiday input:not([type=date])").FillAsync("Founders' day");
        await page.Locator(".holiday input:not([type=date])").DispatchEventAsync("change");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-open", "false");
        await Assertions.Expect(status).ToContainTextAsync("Holiday: Founders' day");

        // Friday evening to Saturday morning: one window across midnight.
        var friday = page.Locator(".day[data-weekday='5']");
        await friday.GetByRole(AriaRole.Button, new() { Name = "Add hours" }).ClickAsync();
        var times = friday.Locator("input[type=time]");
        await times.Nth(2).FillAsync("20:00");
        await times.Nth(3).FillAsync("02:00");
        await Assertions.Expect(friday.Locator(".pill-violet").Last).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".day[data-weekday='6'] .seg-spill")).ToHaveCountAsync(1);

        // An impossible window: the server's own words, and the plan is not saved.
        var monday = page.Locator(".day[data-weekday='1'] input[type=time]");
        await monday.Nth(1).FillAsync("09:00");
        await Assertions.Expect(page.Locator(".status-error")).ToContainTextAsync("different start and end times");
        await page.Locator("[data-kefu=timeplan-save]").ClickAsync();
        await Assertions.Expect(page.Locator(".toast-error")).ToContainTextAsync("different start and end times");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await RestAsync(HttpMethod.Get, "/timeplan")).GetProperty("entity").ValueKind);
        await monday.Nth(1).FillAsync("18:00");

        // Without the holiday the console says what the server says for the same plan now.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Remove this holiday {today}" }).ClickAsync();
        await page.Locator("[data-kefu=timeplan-save]").ClickAsync();
        await Assertions.Expect(page.Locator(".dirty")).ToBeHiddenAsync();
        var saved = (await RestAsync(HttpMethod.Get, "/timeplan")).GetProperty("entity");
        Assert.Equal("UTC", saved.GetProperty("timeZone").GetString());
        var windows = saved.GetProperty("worktimes").EnumerateArray().Select(w => (w.GetProperty("weekday").GetInt32(), w.GetProperty("start").GetString(), w.GetProperty("end").GetString())).ToList();
        Assert.Equal([(1, "09:00", "18:00"), (2, "09:00", "18:00"), (3, "09:00", "18:00"), (4, "09:00", "18:00"), (5, "09:00", "18:00"), (5, "20:00", "02:00")], windows.Order());
        Assert.Empty(saved.GetProperty("holidays").EnumerateArray());
        var preview = (await RestAsync(HttpMethod.Post, "/timeplan/preview", saved)).GetProperty("entity");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-open", preview.GetProperty("open").GetBoolean() ? "true" : "false");

        // Another time: Saturday 01:00 is inside Friday's window.
        var at = page.Locator(".preview-at input");
        await at.FillAsync("2026-11-28T01:00");
        await at.DispatchEventAsync("change");
        var expected = (await RestAsync(HttpMethod.Post, "/timeplan/preview", new { timeZone = "UTC", worktimes = saved.GetProperty("worktimes"), holidays = Array.Empty<object>(), at = new DateTimeOffset(new DateTime(2026, 11, 28, 1, 0, 0, DateTimeKind.Local)) })).GetProperty("entity");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-open", expected.GetProperty("open").GetBoolean() ? "true" : "false");

        // Reloaded, the saved plan is shown; removed, the service is always open.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".day[data-weekday='5'] input[type=time]")).ToHaveCountAsync(4);
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove time plan" }).ClickAsync();
        await page.Locator("dialog[open] button[type=submit]").ClickAsync();
        await Assertions.Expect(status).ToContainTextAsync("always open");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await RestAsync(HttpMethod.Get, "/timeplan")).GetProperty("entity").ValueKind);
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task History_FiltersAndPages_ShowsATranscript_AndExportsTheFilteredCsv()
    {
        var alice = await OnlineAgentAsync("alice@test", max: 20, nicename: "Alice");
        var closed = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            var id = await StartServedAsync(alice, $"Visitor {i:00}", $"Question number {i}");
            if (i % 2 == 0)
            {
                await RestAsync(HttpMethod.Post, $"/sessions/{id}/close", new { comment = $"done {i}" });
                closed.Add(id);
            }
        }

        var page = await OpenConsoleAsync();
        await SignInAsync(page);
        await NavigateAsync(page, "history");
        var rows = page.Locator("[data-kefu=history] tr[data-session-id]");
        await Assertions.Expect(rows).ToHaveCountAsync(12);

        // Closed only, 10 a page: two pages.
        await page.Locator(".more-filters > summary").ClickAsync();
        await page.Locator("select[name=per_page]").SelectOptionAsync("10");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Closed" }).CheckAsync();
        await page.Locator("[data-kefu=history-search]").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(6);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Closed" }).UncheckAsync();
        await page.Locator("[data-kefu=history-search]").ClickAsync();
        await Assertions.Expect(page.Locator(".pager-summary")).ToHaveTextAsync("12 sessions");
        await Assertions.Expect(rows).ToHaveCountAsync(10);
        await page.GetByRole(AriaRole.Button, new() { Name = "Next" }).ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator(".pager-where")).ToHaveTextAsync("Page 2 of 2");

        // A visitor's nickname.
        await page.Locator("input[name=customerName]").FillAsync("Visitor 07");
        await page.Locator("[data-kefu=history-search]").ClickAsync();
        await Assertions.Expect(rows).ToHaveCountAsync(1);
        await ConsoleScreenshotAsync(page, "desktop-history-filtered");

        // Its transcript: the visitor's words and the agent's, in order.
        await rows.Locator("[data-action=transcript]").ClickAsync();
        var messages = page.Locator("[data-kefu=transcript] [data-kefu=message]");
        await Assertions.Expect(messages).ToHaveCountAsync(2);
        Assert.Equal(["visitor", "agent"], await messages.EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.from)"));
        await Assertions.Expect(messages.First).ToContainTextAsync("Question number 7");
        await ConsoleScreenshotAsync(page, "desktop-transcript");
        await AssertConsoleAccessibleAsync(page, "transcript");
        await page.Keyboard.PressAsync("Escape");

        // The CSV holds the same sessions as the filters: closed ones, every page.
        await page.Locator("input[name=customerName]").FillAsync(string.Empty);
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Closed" }).CheckAsync();
        // The list shows these filters first, so the export below reads a settled form (a CI run once exported none).
        await page.Locator("[data-kefu=history-search]").ClickAsync();
        await Assertions.Expect(page.Locator(".pager-summary")).ToHaveTextAsync($"{closed.Count} sessions");
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-kefu=history-export]").ClickAsync());
        var path = await download.PathAsync();
        var csv = await File.ReadAllTextAsync(path, Ct);
        Assert.Matches("^sessions-1-\\d{4}-\\d\\d-\\d\\d\\.csv$", download.SuggestedFilename);
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + closed.Count, lines.Length);
        Assert.All(closed, id => Assert.Contains(lines, l => l.StartsWith($"\"{id}\"", StringComparison.Ordinal)));
        await Assertions.Expect(page.Locator(".toast-ok")).ToContainTextAsync($"Exported {closed.Count} sessions");
        AssertNoConsoleErrors();
    }

    private async Task<System.Text.Json.JsonElement> AgentAsync(string username) =>
        (await RestAsync(HttpMethod.Get, $"/agents?keyValue={username}")).GetProperty("entities")[0];

    private async Task<HttpStatusCode> LoginStatusAsync(string username, string password)
    {
        using var response = await Server.Http.PostAsJsonAsync("/api/tenants/1/agents/token", new { username, password }, Ct);
        return response.StatusCode;
    }
}
