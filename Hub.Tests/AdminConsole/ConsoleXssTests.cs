using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Widget;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;

namespace KefuHub.Tests.AdminConsole;

/// <summary>
/// Issue 13, item 3, for the console: the widget's XSS corpus through every field that reaches it
/// (agent names, queue names, roles, summaries, visitor tags, quick replies, visitor nicknames, messages,
/// ratings, comments, leave messages, settings) is shown as text and never runs.
/// </summary>
public sealed class ConsoleXssTests(Chromium chromium) : ConsoleBrowserTestBase(chromium), IClassFixture<Chromium>
{
    private static readonly string[] Payloads = XssCorpus.Payloads;

    [Fact]
    public async Task XssCorpus_ThroughEveryFieldTheConsoleShows_NeverBecomesHtml()
    {
        // Agents named by the corpus, one of them online, in a queue named by the corpus.
        var usernames = new List<string>();
        for (var i = 0; i < Payloads.Length; i++)
        {
            var username = $"xss{i}@test";
            await RestAsync(HttpMethod.Post, "/agent", new { nicename = Payloads[i], username, password = "xss-password-" + i, trueName = Payloads[i], roleId = 2, maxServiceSessionCount = 5 });
            usernames.Add(username);
        }

        var queue = (await RestAsync(HttpMethod.Post, "/queues", new { queueName = Payloads[0], agentUsernames = usernames })).GetProperty("entity").GetProperty("queueId").GetInt32();
        var empty = (await RestAsync(HttpMethod.Post, "/queues", new { queueName = Payloads[1] })).GetProperty("entity").GetProperty("queueId").GetInt32();
        var agentView = (await RestAsync(HttpMethod.Get, "/agents?keyValue=xss0@test")).GetProperty("entities")[0];
        var agent = await ConnectAgentAsync(new(agentView.GetProperty("userId").GetString()!, "xss0@test", Payloads[0], await Server.LoginAsync("xss0@test", "xss-password-0", Ct)));
        await agent.Connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);

        // Custom roles (one held by an agent) and quick replies named by the corpus, as the hub stored them.
        var roles = new List<(int Id, string Name)>();
        foreach (var payload in Payloads)
        {
            var role = (await RestAsync(HttpMethod.Post, "/roles", new { role_name = payload, role_description = payload, permissions = new[] { "history" } })).GetProperty("entity");
            roles.Add((role.GetProperty("role_id").GetInt32(), role.GetProperty("role_name").GetString()!));
        }

        await RestAsync(HttpMethod.Put, "/agent", new { username = "xss1@test", roleId = roles[1].Id });
        var replies = new List<(int Id, string Text)>();
        foreach (var payload in Payloads)
        {
            var reply = (await RestAsync(HttpMethod.Post, "/quickReplies", new { group = payload[..Math.Min(50, payload.Length)], text = payload })).GetProperty("entity");
            replies.Add((reply.GetProperty("id").GetInt32(), reply.GetProperty("text").GetString()!));
        }

        // A summary tree, visitor tags and settings named by the corpus.
        var parent = 0;
        var summaryIds = new List<int>();
        foreach (var payload in Payloads)
        {
            parent = (await RestAsync(HttpMethod.Post, "/summaries", new { name = payload, parentId = parent })).GetProperty("entity").GetProperty("id").GetInt32();
            summaryIds.Add(parent);
        }

        var tagIds = new List<int>();
        foreach (var payload in Payloads)
        {
            tagIds.Add((await RestAsync(HttpMethod.Post, "/visitorTags", new { name = payload })).GetProperty("entity").GetProperty("id").GetInt32());
        }

        await RestAsync(HttpMethod.Put, "/settings", new { enterpriseName = Payloads[2][..Math.Min(100, Payloads[2].Length)], welcomeMessage = string.Join("\n", Payloads), offDutyReminderText = Payloads[3] });

        // Visitors named by the corpus: served ones writing it, rating with it, closed with it; one waiting; one leaving a message.
        var sessionIds = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var visitor = await Server.CreateVisitorAsync(Payloads[i], Ct);
            var connection = Server.VisitorConnection(visitor.Token);
            await using var _ = connection;
            await connection.StartAsync(Ct);
            var started = await connection.InvokeAsync<StartSessionResult>("StartSession", new StartSessionRequest(queue), Ct);
            Assert.Equal("Processing", started.State);
            var id = started.ServiceSessionId!;
            sessionIds.Add(id);
            foreach (var payload in Payloads)
            {
                await connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(id, Guid.NewGuid().ToString(), "txt", payload), Ct);
            }

            await AgentSendAsync(agent, id, "txt", string.Join(" ", Payloads));
            await connection.InvokeAsync("Rate", new RateRequest(id, 4, Payloads[i], [.. Payloads.Select(p => p[..Math.Min(50, p.Length)]).Take(3)]), Ct);
            await RestAsync(HttpMethod.Put, $"/visitors/{visitor.VisitorId}/tags", new { tagIds });
            if (i < 2)
            {
                await RestAsync(HttpMethod.Post, $"/sessions/{id}/close", new { summaryIds = new[] { summaryIds[^1], summaryIds[i] }, comment = string.Join("\n", Payloads) });
            }
        }

        var waiting = await Server.CreateVisitorAsync(Payloads[4], Ct);
        var waitingConnection = Server.VisitorConnection(waiting.Token);
        await waitingConnection.StartAsync(Ct);
        Assert.Equal("Wait", (await waitingConnection.InvokeAsync<StartSessionResult>("StartSession", new StartSessionRequest(empty), Ct)).State);
        foreach (var payload in Payloads)
        {
            await waitingConnection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest(payload[..Math.Min(50, payload.Length)], null, null, payload), Ct);
        }

        var page = await OpenConsoleAsync();
        await SignInAsync(page);
        await Assertions.Expect(page.Locator("[data-kefu=dashboard]")).ToHaveAttributeAsync("data-loaded", "true");
        await Assertions.Expect(page.Locator("[data-kefu=chart].chart-bars table")).ToContainTextAsync(Payloads[0]);
        await AssertInertAsync(page, "dashboard");

        await NavigateAsync(page, "monitor");
        await Assertions.Expect(page.Locator("tr[data-agent='xss0@test']")).ToContainTextAsync(Payloads[0]);
        await Assertions.Expect(page.Locator($".queue-card[data-queue-id='{empty}'] h3")).ToHaveTextAsync(Payloads[1]);
        await Assertions.Expect(page.Locator("[data-kefu=monitor] tr[data-session-id]")).ToContainTextAsync(Payloads[4]);
        await AssertInertAsync(page, "monitor");

        await NavigateAsync(page, "agents");
        for (var i = 0; i < Math.Min(Payloads.Length, 10); i++)
        {
            await Assertions.Expect(page.Locator($"tr[data-username='xss{i}@test'] .strong")).ToHaveTextAsync(Payloads[i]);
        }

        await Assertions.Expect(page.Locator("tr[data-username='xss1@test'] .pill").First).ToHaveTextAsync(roles[1].Name);
        await page.Locator("tr[data-username='xss3@test'] [data-action=edit]").ClickAsync();
        await Assertions.Expect(page.Locator("dialog[open] input[name=nicename]")).ToHaveValueAsync(Payloads[3]);
        await AssertInertAsync(page, "agent dialog");
        await page.Keyboard.PressAsync("Escape");
        await AssertInertAsync(page, "agents");

        await NavigateAsync(page, "roles");
        foreach (var (id, name) in roles)
        {
            await Assertions.Expect(page.Locator($"tr[data-role-id='{id}'] .strong")).ToHaveTextAsync(name);
            await Assertions.Expect(page.Locator($"tr[data-role-id='{id}'] .role-description")).ToHaveTextAsync(name);
        }

        await page.Locator($"tr[data-role-id='{roles[0].Id}'] [data-action=edit]").ClickAsync();
        await Assertions.Expect(page.Locator("dialog[open] input[name=role_name]")).ToHaveValueAsync(roles[0].Name);
        await AssertInertAsync(page, "role dialog");
        await page.Keyboard.PressAsync("Escape");
        await AssertInertAsync(page, "roles");

        await NavigateAsync(page, "quick-replies");
        foreach (var (id, text) in replies)
        {
            await Assertions.Expect(page.Locator($"[data-quick-reply-id='{id}'] .reply-text")).ToHaveTextAsync(text);
        }

        await page.Locator($"[data-quick-reply-id='{replies[3].Id}'] [data-action=delete]").ClickAsync();
        await Assertions.Expect(page.Locator("dialog[open] .confirm-text")).ToContainTextAsync(replies[3].Text[..20]);
        await AssertInertAsync(page, "quick reply dialog");
        await page.Keyboard.PressAsync("Escape");
        await AssertInertAsync(page, "quick replies");

        await NavigateAsync(page, "queues");
        await Assertions.Expect(page.Locator($".queue-item[data-queue-id='{queue}'] .card-title")).ToHaveTextAsync(Payloads[0]);
        await Assertions.Expect(page.Locator($".queue-item[data-queue-id='{queue}'] .chips")).ToContainTextAsync(Payloads[5]);
        await AssertInertAsync(page, "queues");

        await NavigateAsync(page, "summaries");
        for (var i = 0; i < Payloads.Length; i++)
        {
            await Assertions.Expect(page.Locator($"[data-summary-id='{summaryIds[i]}'] > .tree-row .tree-name")).ToHaveTextAsync(Payloads[i]);
        }

        await page.Locator($"[data-summary-id='{summaryIds[^1]}'] > .tree-row [data-action=edit]").ClickAsync();
        await AssertInertAsync(page, "summary dialog");
        await page.Keyboard.PressAsync("Escape");
        await AssertInertAsync(page, "summaries");

        await NavigateAsync(page, "visitor-tags");
        await Assertions.Expect(page.Locator($"tr[data-tag-id='{tagIds[6]}'] .tag-chip")).ToHaveTextAsync(Payloads[6]);
        await AssertInertAsync(page, "visitor tags");

        await NavigateAsync(page, "history");
        var rows = page.Locator("[data-kefu=history] tr[data-session-id]");
        await Assertions.Expect(rows).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-kefu=history] tbody")).ToContainTextAsync(Payloads[2]);
        await Assertions.Expect(page.Locator("[data-kefu=history] tbody")).ToContainTextAsync(Payloads[5]);
        await AssertInertAsync(page, "history");
        await page.Locator($"tr[data-session-id='{sessionIds[1]}'] [data-action=transcript]").ClickAsync();
        var transcript = page.Locator("[data-kefu=transcript] [data-kefu=message]");
        await Assertions.Expect(transcript).ToHaveCountAsync(Payloads.Length + 1 + 1);
        foreach (var payload in Payloads)
        {
            await Assertions.Expect(transcript.Filter(new() { HasText = payload }).First).ToBeVisibleAsync();
        }

        await Assertions.Expect(page.Locator("[data-kefu=transcript] .facts")).ToContainTextAsync(Payloads[6]);
        await AssertInertAsync(page, "transcript");
        await ConsoleScreenshotAsync(page, "xss-transcript");
        await page.Keyboard.PressAsync("Escape");

        await NavigateAsync(page, "leave-messages");
        await Assertions.Expect(page.Locator(".leave-content")).ToHaveCountAsync(Payloads.Length);
        Assert.Equal(Payloads.Reverse(), await page.Locator(".leave-content").AllTextContentsAsync());
        await AssertInertAsync(page, "leave messages");

        await NavigateAsync(page, "settings");
        await Assertions.Expect(page.Locator("textarea[name=welcomeMessage]")).ToHaveValueAsync(string.Join("\n", Payloads));
        await AssertInertAsync(page, "settings");
        AssertNoConsoleErrors();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => window.__xss.length"));
        await waitingConnection.DisposeAsync();
    }
}
