using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Widget;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace KefuHub.Tests.AdminConsole;

/// <summary>Every screen of the console, in English and Chinese, desktop and phone: accessible (axe-core), keyboard usable, screenshot.</summary>
public sealed class ConsoleScreensTests(Chromium chromium) : ConsoleBrowserTestBase(chromium), IClassFixture<Chromium>
{
    private static readonly string[] Routes = ["dashboard", "monitor", "agents", "roles", "queues", "timeplan", "history", "leave-messages", "settings", "summaries", "visitor-tags", "quick-replies", "webhook"];

    [Fact]
    public async Task EveryScreen_InBothLanguages_HasNoSeriousAxeViolations_AndWorksFromTheKeyboard()
    {
        await using var waiting = await SeedAsync();
        var page = await OpenConsoleAsync();
        await AssertConsoleAccessibleAsync(page, "login");
        await ConsoleScreenshotAsync(page, "desktop-login");

        // Sign in with the keyboard only: the username has focus, Tab moves on, Enter submits.
        await Assertions.Expect(page.Locator("[data-kefu=login-username]")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(KefuTestServer.AdminUsername);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("wrong-password");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".form-error[role=alert]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-kefu=login-password]")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(KefuTestServer.AdminPassword);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-kefu=dashboard]")).ToHaveAttributeAsync("data-loaded", "true");

        // The skip link is the first stop and jumps to the page's heading.
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator(".skip")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("main h1")).ToBeFocusedAsync();

        foreach (var route in Routes)
        {
            await NavigateAsync(page, route);
            await Assertions.Expect(page.Locator("main h1")).ToBeFocusedAsync();
            await AssertConsoleAccessibleAsync(page, route);
            await ConsoleScreenshotAsync(page, "desktop-" + route);
        }

        // A dialog: focus moves in, Escape closes it and focus comes back.
        await NavigateAsync(page, "agents");
        var create = page.Locator("[data-kefu=agent-create]");
        await create.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("dialog[open] input[name=nicename]")).ToBeFocusedAsync();
        await AssertConsoleAccessibleAsync(page, "new agent dialog");
        await ConsoleScreenshotAsync(page, "desktop-new-agent");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("dialog[open]")).ToHaveCountAsync(0);
        await Assertions.Expect(create).ToBeFocusedAsync();

        // The role and quick reply dialogs, from the keyboard too.
        foreach (var (route, hook, first, name) in new[] { ("roles", "role-create", "input[name=role_name]", "new-role"), ("quick-replies", "quick-reply-create", "input[name=group]", "new-quick-reply") })
        {
            await NavigateAsync(page, route);
            await page.Locator($"[data-kefu={hook}]").FocusAsync();
            await page.Keyboard.PressAsync("Enter");
            await Assertions.Expect(page.Locator($"dialog[open] {first}")).ToBeFocusedAsync();
            await AssertConsoleAccessibleAsync(page, name + " dialog");
            await ConsoleScreenshotAsync(page, "desktop-" + name);
            await page.Keyboard.PressAsync("Escape");
            await Assertions.Expect(page.Locator("dialog[open]")).ToHaveCountAsync(0);
        }

        await NavigateAsync(page, "agents");

        // 中文: every label from the Chinese texts, the page's language too.
        await page.Locator(".topbar-actions button[lang=zh-CN]").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        await Assertions.Expect(page.Locator(".nav-link[data-route=dashboard]")).ToHaveTextAsync("首页");
        await Assertions.Expect(page.Locator("main h1")).ToHaveTextAsync("客服列表");
        await NavigateAsync(page, "dashboard");
        await Assertions.Expect(page.Locator(".metric-label").First).ToHaveTextAsync("今日新会话数");
        await Assertions.Expect(page.Locator("[data-kefu=dashboard]")).ToHaveAttributeAsync("data-loaded", "true");
        await ConsoleScreenshotAsync(page, "desktop-dashboard-zh");
        await AssertConsoleAccessibleAsync(page, "dashboard (zh-CN)");
        await NavigateAsync(page, "timeplan");
        await ConsoleScreenshotAsync(page, "desktop-timeplan-zh");

        // A phone: the sidebar is a drawer, opened from the menu button, closed with Escape.
        var phone = await OpenConsoleAsync(Mobile, "zh-CN");
        await Assertions.Expect(phone.Locator("[data-kefu=login-submit]")).ToHaveTextAsync("登录");
        await ConsoleScreenshotAsync(phone, "mobile-login");
        await SignInAsync(phone);
        await Assertions.Expect(phone.Locator(".sidebar")).Not.ToBeVisibleAsync();
        await phone.Locator(".menu-button").ClickAsync();
        await Assertions.Expect(phone.Locator(".sidebar")).ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator(".nav-link[aria-current=page]")).ToBeFocusedAsync();
        await ConsoleScreenshotAsync(phone, "mobile-menu");
        await AssertConsoleAccessibleAsync(phone, "mobile menu");
        await phone.Keyboard.PressAsync("Escape");
        await Assertions.Expect(phone.Locator(".sidebar")).Not.ToBeVisibleAsync();
        await Assertions.Expect(phone.Locator(".menu-button")).ToBeFocusedAsync();
        foreach (var route in new[] { "monitor", "agents", "roles", "timeplan", "history", "quick-replies" })
        {
            await NavigateAsync(phone, route);
            await AssertConsoleAccessibleAsync(phone, route + " (mobile)");
            await ConsoleScreenshotAsync(phone, "mobile-" + route);
        }

        AssertNoConsoleErrors();
    }

    /// <summary>A tenant with something on every screen.</summary>
    /// <returns>The connection of a visitor waiting in line (disposed by the test).</returns>
    private async Task<HubConnection> SeedAsync()
    {
        var alice = await OnlineAgentAsync("alice@test", max: 4, nicename: "Alice Chen");
        var bob = await OnlineAgentAsync("bob@test", max: 3, nicename: "Bob Li");
        await CreateAgentAsync("carol@test", 5, "Carol Wu");
        var supervisor = (await RestAsync(HttpMethod.Post, "/roles", new { role_name = "Supervisor", role_description = "Watches the lines and reads every session", permissions = new[] { "history", "monitoring" } })).GetProperty("entity").GetProperty("role_id").GetInt32();
        await RestAsync(HttpMethod.Post, "/roles", new { role_name = "After-sales", role_description = "Handles every leave message", permissions = new[] { "leaveMessages" } });
        await RestAsync(HttpMethod.Put, "/agent", new { username = "bob@test", roleId = supervisor });
        foreach (var (group, text) in new[]
        {
            ("Greetings", "Hello! Thanks for contacting us. How can I help you today?"),
            ("Greetings", "您好，很高兴为您服务，请问有什么可以帮您？"),
            ("Billing", "Refunds reach your card in 3–5 working days after we receive the parcel."),
            ("Billing", "Invoices are sent by email within 24 hours of payment. Need a company invoice? Send me its tax number."),
            ("Shipping", "Here is your tracking link:\nhttps://track.example.com/"),
            (string.Empty, "Is there anything else I can do for you?"),
        })
        {
            await RestAsync(HttpMethod.Post, "/quickReplies", new { group, text });
        }

        await SeedPastDaysAsync([alice.Agent, bob.Agent]);
        await RestAsync(HttpMethod.Post, "/queues", new { queueName = "Billing", agentUsernames = new[] { "alice@test", "bob@test" } });
        var presales = (await RestAsync(HttpMethod.Post, "/queues", new { queueName = "Pre-sales", agentUsernames = new[] { "carol@test" } })).GetProperty("entity").GetProperty("queueId").GetInt32();
        var billing = (await RestAsync(HttpMethod.Post, "/summaries", new { name = "Billing", color = 0x2563eb })).GetProperty("entity").GetProperty("id").GetInt32();
        await RestAsync(HttpMethod.Post, "/summaries", new { name = "Refund", color = 0x16a34a, parentId = billing });
        await RestAsync(HttpMethod.Post, "/summaries", new { name = "Invoice", color = 0xd97706, parentId = billing });
        await RestAsync(HttpMethod.Post, "/summaries", new { name = "Shipping", color = 0x7c3aed });
        await RestAsync(HttpMethod.Post, "/visitorTags", new { name = "VIP", color = 0xdc2626 });
        await RestAsync(HttpMethod.Post, "/visitorTags", new { name = "Wholesale", color = 0x0891b2 });
        await RestAsync(HttpMethod.Put, "/webhook", new { url = "https://hooks.example.com/kefu", secret = "0123456789abcdef-secret" });
        var first = await StartServedAsync(alice, "Zhang Wei", "Where is my parcel?");
        await StartServedAsync(alice, "Maria", "Can I change the address?");
        await StartServedAsync(bob, "Tom", "Refund please");
        await RestAsync(HttpMethod.Post, $"/sessions/{first}/close", new { summaryIds = new[] { billing }, comment = "sent tracking link" });
        var waiting = Server.VisitorConnection((await Server.CreateVisitorAsync("Li Na", Ct)).Token);
        await waiting.StartAsync(Ct);
        Assert.Equal("Wait", (await waiting.InvokeAsync<StartSessionResult>("StartSession", new StartSessionRequest(presales), Ct)).State);
        // The time plan goes in after the visitor is in line: outside its hours the line would be closed.
        await RestAsync(HttpMethod.Put, "/timeplan", new
        {
            timeZone = "Asia/Shanghai",
            worktimes = new[] { 1, 2, 3, 4, 5 }.Select(d => new { weekday = d, start = "09:00", end = "18:00" }).Append(new { weekday = 5, start = "20:00", end = "02:00" }),
            holidays = new[] { new { date = "2026-10-01", note = "National Day" } },
        });
        await waiting.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest("Li Na", "138 0000 0000", "li.na@example.com", "Please call me back about a bulk order of 200 units."), Ct);
        return waiting;
    }
}
