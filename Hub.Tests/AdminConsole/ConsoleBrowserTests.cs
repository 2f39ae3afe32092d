using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Widget;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace KefuHub.Tests.AdminConsole;

/// <summary>
/// The admin console in a real Chromium against the real hub (issue 13, items 2, 3 and 5): what an
/// administrator does there reaches routing, and what it shows is what the REST API says.
/// </summary>
public sealed class ConsoleBrowserTests(Chromium chromium) : ConsoleBrowserTestBase(chromium), IClassFixture<Chromium>
{
    [Fact]
    public async Task AdminCreatesAnAgentAndAQueue_ThenThatAgentReceivesARoutedSession()
    {
        var page = await OpenConsoleAsync();
        await SignInAsync(page);

        await NavigateAsync(page, "agents");
        await page.Locator("[data-kefu=agent-create]").ClickAsync();
        var dialog = page.Locator("dialog[open]");
        await dialog.Locator("input[name=nicename]").FillAsync("Bob");
        await dialog.Locator("input[name=username]").FillAsync("bob@test");
        await dialog.Locator("input[name=password]").FillAsync("bob-password-1");
        await dialog.Locator("input[name=maxServiceSessionCount]").FillAsync("3");
        await dialog.Locator("button[type=submit]").ClickAsync();
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("tr[data-username='bob@test']")).ToContainTextAsync("Bob");

        await NavigateAsync(page, "queues");
        await page.Locator("[data-kefu=queue-create]").ClickAsync();
        await dialog.Locator("input[name=queueName]").FillAsync("Billing");
        await dialog.Locator("input[type=search]").FillAsync("bob");
        await dialog.Locator("input[data-username='bob@test']").CheckAsync();
        await dialog.Locator("button[type=submit]").ClickAsync();
        var queueCard = page.Locator(".queue-item", new() { HasText = "Billing" });
        await Assertions.Expect(queueCard).ToContainTextAsync("Bob");
        var queueId = int.Parse(await queueCard.GetAttributeAsync("data-queue-id") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        await ConsoleScreenshotAsync(page, "desktop-queues");

        // What the console created is what the API has.
        var bobView = (await RestAsync(HttpMethod.Get, "/agents?keyValue=bob@test")).GetProperty("entities")[0];
        Assert.Equal(("Bob", 3, "agent"), (bobView.GetProperty("nicename").GetString(), bobView.GetProperty("maxServiceSessionCount").GetInt32(), bobView.GetProperty("roles").GetString()));
        var queue = (await RestAsync(HttpMethod.Get, $"/queues/{queueId}")).GetProperty("entity");
        Assert.Equal(["bob@test"], queue.GetProperty("agentUsernames").EnumerateArray().Select(u => u.GetString()));

        // Bob signs in with the password the console gave him and goes online; a visitor opens the
        // widget of the Billing queue and is routed to him.
        var bob = await ConnectAgentAsync(new TestAgent(bobView.GetProperty("userId").GetString()!, "bob@test", "Bob", await Server.LoginAsync("bob@test", "bob-password-1", Ct)));
        await bob.Connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        var visitor = await OpenPageAsync(Host.AddPage("billing", Server.Address, $"data-queue=\"{queueId}\" data-lang=\"en\""));
        await Launcher(visitor).ClickAsync();
        var assigned = await bob.Assigned.NextAsync(timeout: Timeout);
        Assert.Equal(queueId, assigned.Session.QueueId);
        await Assertions.Expect(Hook(visitor, "agent")).ToContainTextAsync("Bob");
        await AgentSendAsync(bob, assigned.Session.ServiceSessionId, "txt", "Hello from Billing, this is Bob.");
        await Assertions.Expect(visitor.Locator("[data-kefu=message][data-from=agent]").Last).ToContainTextAsync("this is Bob");

        // The live monitor sees it: Bob online with one of three sessions.
        await NavigateAsync(page, "monitor");
        var bobRow = page.Locator("tr[data-agent='bob@test']");
        await Assertions.Expect(bobRow).ToContainTextAsync("Online");
        await Assertions.Expect(bobRow.Locator("[role=meter]")).ToHaveAttributeAsync("aria-valuenow", "1");
        await Assertions.Expect(bobRow).ToContainTextAsync("1 of 3");
        await Assertions.Expect(page.Locator($".queue-card[data-queue-id='{queueId}'] [data-waiting]")).ToHaveTextAsync("0");
        await ConsoleScreenshotAsync(page, "desktop-monitor");
        AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Dashboard_ShowsTheRestDashboardsNumbers_AndFollowsThemLive()
    {
        var alice = await OnlineAgentAsync("alice@test", max: 5, nicename: "Alice");
        var bob = await OnlineAgentAsync("bob@test", max: 5, nicename: "Bob");
        var past = await SeedPastDaysAsync([alice.Agent, bob.Agent]);
        var series = (await RestAsync(HttpMethod.Get, "/dashboard")).GetProperty("entity");
        foreach (var (name, pick) in new (string, Func<(int Sessions, int Messages), int>)[] { ("dailySessions", p => p.Sessions), ("dailyMessages", p => p.Messages) })
        {
            var days = series.GetProperty(name).EnumerateArray().ToDictionary(d => d.GetProperty("date").GetString()!, d => d.GetProperty("count").GetInt32());
            Assert.All(past, day => Assert.Equal(pick(day.Value), days[day.Key]));
        }

        await StartServedAsync(alice, "Visitor one", "Where is my parcel?");
        await StartServedAsync(alice, "Visitor two", "Can I change my address?");
        var third = await StartServedAsync(bob, "Visitor three", "Refund please");
        await RestAsync(HttpMethod.Post, $"/sessions/{third}/close", new { comment = "refunded" });

        var page = await OpenConsoleAsync();
        await SignInAsync(page);
        var dashboard = page.Locator("[data-kefu=dashboard]");
        await Assertions.Expect(dashboard).ToHaveAttributeAsync("data-loaded", "true");
        await AssertMatchesRestAsync(page);
        Assert.Equal(3, await page.Locator("[data-kefu=chart]").CountAsync());
        var perAgent = await page.Locator("[data-kefu=chart].chart-bars table tr").AllTextContentsAsync();
        Assert.Equal(["Alice (alice@test)2", "Bob (bob@test)1"], perAgent.Take(2));
        Assert.Equal(3, perAgent.Count);
        await ConsoleScreenshotAsync(page, "desktop-dashboard");
        await AssertConsoleAccessibleAsync(page, "dashboard");

        // A new session and messages appear on the open dashboard without a reload.
        await StartServedAsync(bob, "Visitor four", "Hello?");
        var rest = (await RestAsync(HttpMethod.Get, "/dashboard")).GetProperty("entity");
        await Assertions.Expect(page.Locator("[data-kefu=metric][data-metric=todayNewSessions]")).ToHaveTextAsync(rest.GetProperty("todayNewSessions").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 12_000 });
        await AssertMatchesRestAsync(page);

        var mobile = await OpenConsoleAsync(Mobile);
        await SignInAsync(mobile);
        await Assertions.Expect(mobile.Locator("[data-kefu=dashboard]")).ToHaveAttributeAsync("data-loaded", "true");
        await AssertMatchesRestAsync(mobile);
        await ConsoleScreenshotAsync(mobile, "mobile-dashboard");
        await AssertConsoleAccessibleAsync(mobile, "dashboard (mobile)");
        AssertNoConsoleErrors();
    }

    /// <summary>Each metric's text is the REST dashboard's number (read after the page's, so equal unless a refresh raced).</summary>
    private async Task AssertMatchesRestAsync(IPage page)
    {
        var rest = (await RestAsync(HttpMethod.Get, "/dashboard")).GetProperty("entity");
        foreach (var metric in new[] { "todayNewSessions", "processingSessions", "onlineAgents", "todayMessages" })
        {
            await Assertions.Expect(page.Locator($"[data-kefu=metric][data-metric={metric}]")).ToHaveTextAsync(rest.GetProperty(metric).GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 12_000 });
        }

        var sessions = rest.GetProperty("dailySessions").EnumerateArray().Select(d => d.GetProperty("count").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var messages = rest.GetProperty("dailyMessages").EnumerateArray().Select(d => d.GetProperty("count").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(sessions, await page.Locator("[data-kefu=chart]").Nth(0).Locator("table td").AllTextContentsAsync());
        Assert.Equal(messages, await page.Locator("[data-kefu=chart]").Nth(1).Locator("table td").AllTextContentsAsync());
    }
}
