using System.Text.Json;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using KefuHub.Tests.Widget;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KefuHub.Tests.Workspace;

/// <summary>
/// The agent workspace in a real Chromium against the real hub, with visitors in the widget (another
/// browser context on another origin) or through the hub (issue 13, items 1, 3 and 5).
/// </summary>
public sealed class WorkspaceBrowserTests(Chromium chromium) : WorkspaceBrowserTestBase(chromium), IClassFixture<Chromium>
{
    [Theory]
    [InlineData("desktop")]
    [InlineData("mobile")]
    public async Task AgentInTheWorkspace_AndVisitorInTheWidget_HoldAWholeConversation(string layout)
    {
        var viewport = layout == "mobile" ? Mobile : Desktop;
        await Server.ConfigureAsync(TenantSettings.Default with { SummaryRequired = true, EnterpriseName = "Acme Support", WelcomeMessage = "Hi! How can we help?" }, cancellationToken: Ct);
        var shipping = await CreateSummaryAsync("Shipping");
        var late = await CreateSummaryAsync("Late parcel", shipping.Id);
        await CreateSummaryAsync("Refund");
        var alice = await CreateAgentAsync("alice@test", 3, "Alice Chen");
        var workspace = await OpenWorkspaceAsync(alice, viewport);
        await SetStateAsync(workspace, "Online");

        var visitor = await OpenPageAsync(Host.AddPage("shop", Server.Address, "data-lang=\"en\""), viewport);
        await visitor.EvaluateAsync("() => window.KefuHub.setProfile({ nickname: 'Wang Lei', company: 'Lei Trading', email: 'wang@example.com' })");
        await Launcher(visitor).ClickAsync();
        await Assertions.Expect(Hook(visitor, "agent")).ToContainTextAsync("Alice Chen");
        var row = workspace.Locator("[data-kefu=session]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var sessionId = (await row.GetAttributeAsync("data-session-id"))!;

        await SendFromWidgetAsync(visitor, "Hello, where is my order #1042? 🙂");
        await Assertions.Expect(row).ToHaveAttributeAsync("data-unread", "1");
        await Assertions.Expect(row).ToContainTextAsync("where is my order #1042");
        await row.ClickAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("data-unread", "0");
        await Assertions.Expect(LogMessages(workspace).Last).ToContainTextAsync("where is my order #1042? 🙂");

        // The visitor types: the agent sees it.
        await Hook(visitor, "input").PressSequentiallyAsync("It was");
        await Assertions.Expect(Hook(workspace, "typing")).ToBeVisibleAsync();
        await Assertions.Expect(Hook(workspace, "typing")).ToContainTextAsync("Wang Lei");

        // Enter sends, Shift+Enter breaks the line.
        var input = Hook(workspace, "input");
        await input.FillAsync("Hi Wang! Let me check.");
        await input.PressAsync("Shift+Enter");
        await input.PressSequentiallyAsync("One moment please.");
        await input.PressAsync("Enter");
        await Assertions.Expect(input).ToHaveValueAsync(string.Empty);
        var reply = visitor.Locator("[data-kefu=message][data-from=agent]").Last;
        await Assertions.Expect(reply).ToContainTextAsync("One moment please.");
        Assert.Equal("Hi Wang! Let me check.\nOne moment please.", await reply.Locator(".bubble").TextContentAsync());
        await Assertions.Expect(workspace.Locator("[data-kefu=message][data-from=agent]").Last).ToHaveAttributeAsync("data-state", "sent");

        // An emoji from the picker, an image from the paperclip, a file from the visitor.
        await workspace.GetByRole(AriaRole.Button, new() { Name = "Emoji" }).ClickAsync();
        await workspace.Locator(".emoji-pop .emo").Filter(new() { HasTextString = "👍" }).ClickAsync();
        await input.PressAsync("Enter");
        await Assertions.Expect(visitor.Locator("[data-kefu=message][data-from=agent][data-type=emoji]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("👍"));
        var png = await DrawPngAsync(workspace);
        await Hook(workspace, "attach").SetInputFilesAsync(new FilePayload { Name = "label.png", MimeType = "image/png", Buffer = png });
        var sentImage = visitor.Locator("[data-kefu=message][data-from=agent][data-type=img] img");
        await Assertions.Expect(sentImage).ToBeVisibleAsync();
        Assert.True(await sentImage.EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 480"), "the visitor loads the agent's image from the hub");
        await Hook(visitor, "attach").SetInputFilesAsync(new FilePayload { Name = "receipt.pdf", MimeType = "application/pdf", Buffer = "%PDF-1.4 receipt"u8.ToArray() });
        await Assertions.Expect(workspace.Locator("[data-kefu=message][data-from=visitor][data-type=file] .fname")).ToHaveTextAsync("receipt.pdf");
        await SendFromWidgetAsync(visitor, "It was due on Monday.");
        await Assertions.Expect(LogMessages(workspace).Last).ToContainTextAsync("due on Monday");
        await Assertions.Expect(Hook(workspace, "typing")).ToBeHiddenAsync();
        await Assertions.Expect(Hook(workspace, "visitor-profile")).ToContainTextAsync("Lei Trading");
        await ScreenshotAsync(workspace, $"workspace-{layout}-chatting");
        await AssertAccessibleAsync(workspace, Root);

        // The workspace shows the stored messages, in seq order, each once.
        var stored = await StoredMessagesAsync(sessionId, await ConnectAgentAsync(alice));
        var seqs = await LogMessages(workspace).EvaluateAllAsync<long[]>("els => els.map(e => Number(e.dataset.seq))");
        Assert.Equal(stored.Select(m => m.Seq), seqs);

        await Hook(workspace, "invite-rating").ClickAsync();
        await Assertions.Expect(Hook(visitor, "rating")).ToBeVisibleAsync();

        // Closing needs a summary here: the confirm button waits for one.
        await Hook(workspace, "close").ClickAsync();
        var confirm = Hook(workspace, "close-confirm");
        await Assertions.Expect(confirm).ToBeDisabledAsync();
        await Assertions.Expect(workspace.Locator("[data-kefu=summary]")).ToHaveCountAsync(3);
        await workspace.Locator($"[data-kefu=summary][data-summary-id='{late.Id}']").CheckAsync();
        await workspace.Locator("#ws-close-comment").FillAsync("Parcel delayed by the carrier.");
        await Assertions.Expect(confirm).ToBeEnabledAsync();
        await ScreenshotAsync(workspace, $"workspace-{layout}-close");
        await AssertAccessibleAsync(workspace, "#ws-close");
        await confirm.ClickAsync();
        await Assertions.Expect(visitor.Locator(".notice").Last).ToContainTextAsync("The conversation has ended");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        var closed = await Server.Services.GetRequiredService<ISessionStore>().GetSessionAsync(1, sessionId, Ct);
        Assert.Equal(("Terminal", "Parcel delayed by the carrier."), (closed!.State.ToString(), closed.Comment));
        Assert.Equal([late.Id], closed.SummaryIds);
        AssertNoPageErrors();
    }

    [Fact]
    public async Task WaitingVisitor_IsPickedFromTheWaitingList()
    {
        var alice = await CreateAgentAsync("alice@test", 2, "Alice Chen");
        var page = await NewPageAsync(new Uri(Server.Address, "/workspace?lang=en").ToString());
        await Hook(page, "login-username").FillAsync(alice.Username);
        await Hook(page, "login-password").FillAsync("not-her-password");
        await Hook(page, "login-submit").ClickAsync();
        await Assertions.Expect(page.Locator(".login-card .merror")).ToHaveTextAsync("Username or password is incorrect.");
        await ScreenshotAsync(page, "workspace-desktop-login");
        await AssertAccessibleAsync(page, Root);
        await SignInAsync(page, alice);
        await SetStateAsync(page, "Busy");

        var visitor = await ConnectVisitorAsync("Zhang Wei");
        var started = await visitor.StartAsync(new StartSessionRequest(Text: "Is anyone there? I'd like to return a jacket."));
        Assert.Equal("Wait", started.State);
        var waiting = Waiting(page, started.ServiceSessionId!);
        await Assertions.Expect(waiting).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-kefu=session]")).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "workspace-desktop-waiting");

        await waiting.Locator("[data-kefu=pick]").ClickAsync();
        var row = Session(page, started.ServiceSessionId!);
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(waiting).ToHaveCountAsync(0);
        await Assertions.Expect(LogMessages(page).Last).ToContainTextAsync("return a jacket");
        var joined = await visitor.States.NextAsync(e => e.State == "Processing", Timeout);
        Assert.Equal("Alice Chen", joined.Agent!.Nicename);

        await Hook(page, "input").FillAsync("Hello! Of course — what's the order number?");
        await Hook(page, "send").ClickAsync();
        Assert.Equal("Hello! Of course — what's the order number?", (await visitor.Messages.NextAsync(m => m.From == "agent", Timeout)).Text);

        // The agent completes the visitor's profile.
        var profile = Hook(page, "visitor-profile");
        await profile.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await profile.Locator("#ws-p-company").FillAsync("Zhang Outdoor Ltd.");
        await profile.GetByRole(AriaRole.Button, new() { Name = "Add field" }).ClickAsync();
        await profile.Locator(".crow .ckey").Last.FillAsync("Order");
        await profile.Locator(".crow .cval").Last.FillAsync("#2231");
        await ScreenshotAsync(page, "workspace-desktop-profile-edit");
        await AssertAccessibleAsync(page, Root);
        await profile.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Assertions.Expect(profile.Locator(".saved")).ToHaveTextAsync("Saved.");
        await Assertions.Expect(profile).ToContainTextAsync("Zhang Outdoor Ltd.");
        var stored = await Server.Services.GetRequiredService<IVisitorStore>().GetVisitorAsync(1, visitor.Visitor.VisitorId, Ct);
        Assert.Equal(("Zhang Outdoor Ltd.", "Zhang Wei", "#2231"), (stored!.Company, stored.Nickname, stored.CustomFields["Order"]));

        // Transferred to a queue, the session waits there again, and the agent (Busy) sees it waiting.
        var returns = await CreateQueueAsync("Returns", alice.Username);
        await Hook(page, "transfer").ClickAsync();
        await page.Locator($"#ws-transfer [data-queue='{returns}']").ClickAsync();
        await page.Locator("#ws-transfer button[type=submit]").ClickAsync();
        await Assertions.Expect(page.Locator(".chat .banner")).ToHaveTextAsync("This conversation went back to the queue.");
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Assertions.Expect(waiting).ToBeVisibleAsync();
        await Assertions.Expect(waiting).ToContainTextAsync("Returns");
        Assert.Equal("Wait", (await visitor.States.NextAsync(e => e.State == "Wait", Timeout)).State);
        AssertNoPageErrors();
    }

    [Fact]
    public async Task Transfer_BetweenTwoAgentsWorkspaces_KeepsTheHistory()
    {
        var alice = await CreateAgentAsync("alice@test", 3, "Alice Chen");
        var bob = await CreateAgentAsync("bob@test", 2, "Bob Li");
        var alicePage = await OpenWorkspaceAsync(alice);
        var bobPage = await OpenWorkspaceAsync(bob);
        await SetStateAsync(alicePage, "Online");
        var visitor = await ConnectVisitorAsync("Li Na");
        var sessionId = (await visitor.StartAsync(new StartSessionRequest(Text: "I need to change my delivery address."))).ServiceSessionId!;
        await Assertions.Expect(Session(alicePage, sessionId)).ToBeVisibleAsync();
        await SetStateAsync(bobPage, "Online");

        await Session(alicePage, sessionId).ClickAsync();
        await Hook(alicePage, "input").FillAsync("Let me ask my colleague who handles addresses.");
        await Hook(alicePage, "input").PressAsync("Enter");
        await visitor.Messages.NextAsync(m => m.From == "agent", Timeout);

        await Hook(alicePage, "transfer").ClickAsync();
        var bobChoice = alicePage.Locator("#ws-transfer [data-agent='bob@test']");
        await Assertions.Expect(bobChoice).ToContainTextAsync("0/2 chats");
        await Assertions.Expect(bobChoice).ToContainTextAsync("Online");
        await bobChoice.ClickAsync();
        await ScreenshotAsync(alicePage, "workspace-desktop-transfer");
        await AssertAccessibleAsync(alicePage, "#ws-transfer");
        await alicePage.Locator("#ws-transfer button[type=submit]").ClickAsync();

        await Assertions.Expect(Session(alicePage, sessionId)).ToHaveCountAsync(0);
        await Assertions.Expect(alicePage.Locator(".chat .banner")).ToHaveTextAsync("This conversation was transferred.");
        await Assertions.Expect(Hook(alicePage, "input")).ToBeHiddenAsync();
        var moved = await visitor.States.NextAsync(e => e.Agent?.Nicename == "Bob Li", Timeout);
        Assert.Equal("Transferred", moved.Reason);

        var bobRow = Session(bobPage, sessionId);
        await Assertions.Expect(bobRow).ToBeVisibleAsync();
        await bobRow.ClickAsync();
        await Assertions.Expect(LogMessages(bobPage).First).ToContainTextAsync("change my delivery address");
        await Assertions.Expect(LogMessages(bobPage).Last).ToContainTextAsync("Let me ask my colleague");
        await Hook(bobPage, "input").FillAsync("Hi Li Na, Bob here. What's the new address?");
        await Hook(bobPage, "input").PressAsync("Enter");
        Assert.Equal("Hi Li Na, Bob here. What's the new address?", (await visitor.Messages.NextAsync(m => m.From == "agent" && m.Text!.StartsWith("Hi Li Na", StringComparison.Ordinal), Timeout)).Text);
        AssertNoPageErrors();
    }

    [Fact]
    public async Task TwoTabs_StayInStep_AndAltArrowsSwitchSessions()
    {
        var alice = await CreateAgentAsync("alice@test", 3, "Alice Chen");
        var first = await OpenWorkspaceAsync(alice);
        var second = await first.Context.NewPageAsync();
        Watch(second);
        await second.GotoAsync(new Uri(Server.Address, "/workspace?lang=en").ToString());
        await Ready(second);

        await SetStateAsync(first, "Online");
        await Assertions.Expect(Hook(second, "state")).ToHaveValueAsync("Online");
        var one = await ConnectVisitorAsync("First Visitor");
        var oneId = (await one.StartAsync(new StartSessionRequest(Text: "first question"))).ServiceSessionId!;
        await Assertions.Expect(Session(first, oneId)).ToHaveAttributeAsync("data-unread", "1");
        var two = await ConnectVisitorAsync("Second Visitor");
        var twoId = (await two.StartAsync(new StartSessionRequest(Text: "second question"))).ServiceSessionId!;
        foreach (var page in new[] { first, second })
        {
            await Assertions.Expect(Session(page, oneId)).ToHaveAttributeAsync("data-unread", "1");
            await Assertions.Expect(Session(page, twoId)).ToHaveAttributeAsync("data-unread", "1");
        }

        // Reading in one tab reads in the other.
        await Session(first, oneId).ClickAsync();
        await Assertions.Expect(Session(second, oneId)).ToHaveAttributeAsync("data-unread", "0");
        await Assertions.Expect(Session(second, twoId)).ToHaveAttributeAsync("data-unread", "1");

        // The newest activity is on top; Alt+ArrowDown and Alt+ArrowUp walk the list.
        Assert.Equal([twoId, oneId], await first.Locator("[data-kefu=session]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.sessionId)"));
        await first.Keyboard.PressAsync("Alt+ArrowDown");
        await Assertions.Expect(Session(first, twoId)).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(LogMessages(first).Last).ToContainTextAsync("second question");
        await Assertions.Expect(Session(second, twoId)).ToHaveAttributeAsync("data-unread", "0");
        await first.Keyboard.PressAsync("Alt+ArrowUp");
        await Assertions.Expect(Session(first, oneId)).ToHaveAttributeAsync("aria-current", "true");
        await Assertions.Expect(LogMessages(first).Last).ToContainTextAsync("first question");

        // A reply typed in one tab shows in both; a state set in the other reaches the first.
        await Hook(first, "input").FillAsync("answer from tab one");
        await Hook(first, "input").PressAsync("Enter");
        await Session(second, oneId).ClickAsync();
        await Assertions.Expect(LogMessages(second).Last).ToContainTextAsync("answer from tab one");
        await SetStateAsync(second, "Leave");
        await Assertions.Expect(Hook(first, "state")).ToHaveValueAsync("Leave");

        // Signing out in one tab signs out both.
        await first.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(Hook(first, "login-username")).ToBeVisibleAsync();
        await Assertions.Expect(Hook(second, "login-username")).ToBeVisibleAsync();
        AssertNoPageErrors();
    }

    [Fact]
    public async Task MissedPushAndServerRestart_SeqGapsAreFilled_NothingDoubled()
    {
        var alice = await CreateAgentAsync("alice@test", 3, "Alice Chen");
        var page = await OpenWorkspaceAsync(alice);
        await SetStateAsync(page, "Online");
        // Between the hub and this page, the push of one message is lost.
        await page.RouteWebSocketAsync(new System.Text.RegularExpressions.Regex("/hubs/agent"), ws =>
        {
            var server = ws.ConnectToServer();
            ws.OnMessage(frame => server.Send(frame.Text!));
            server.OnMessage(frame =>
            {
                // Only the push ("target":"message"); GetMessages' answer, which fills the gap, goes through.
                if (!frame.Text!.Contains("\"target\":\"message\"", StringComparison.Ordinal) || !frame.Text.Contains("lost in transit", StringComparison.Ordinal))
                {
                    ws.Send(frame.Text);
                }
            });
        });
        await page.ReloadAsync();
        await Ready(page);

        var visitor = await ConnectVisitorAsync("Gap Visitor");
        var sessionId = (await visitor.StartAsync(new StartSessionRequest(Text: "first"))).ServiceSessionId!;
        await Session(page, sessionId).ClickAsync();
        await Assertions.Expect(LogMessages(page)).ToHaveCountAsync(1);
        await VisitorSendAsync(visitor, sessionId, "lost in transit");
        await VisitorSendAsync(visitor, sessionId, "after the gap");
        await Assertions.Expect(Bubbles(page)).ToHaveTextAsync(["first", "lost in transit", "after the gap"]);

        await RestartServerAsync(async () =>
        {
            await Assertions.Expect(Hook(page, "connection")).ToHaveAttributeAsync("data-state", "reconnecting");
            await ScreenshotAsync(page, "workspace-desktop-reconnecting");
        });
        var back = Server.VisitorConnection(visitor.Visitor.Token);
        await back.StartAsync(Ct);
        await back.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(sessionId, Guid.NewGuid().ToString(), "txt", "while you were away"), Ct);
        // The restarted hub forgot that Alice was Online: the workspace says so again, and the session,
        // back in the queue meanwhile, comes back to her with its whole history.
        await Assertions.Expect(Hook(page, "connection")).ToBeHiddenAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(Hook(page, "state")).ToHaveValueAsync("Online");
        await Assertions.Expect(Session(page, sessionId)).ToBeVisibleAsync();
        await Assertions.Expect(Bubbles(page)).ToHaveTextAsync(["first", "lost in transit", "after the gap", "while you were away"], new() { Timeout = 20_000 });
        var agent = await ConnectAgentAsync(alice);
        var stored = await StoredMessagesAsync(sessionId, agent);
        Assert.Equal(stored.Select(m => m.Seq), await LogMessages(page).EvaluateAllAsync<long[]>("els => els.map(e => Number(e.dataset.seq))"));
        await back.DisposeAsync();
        AssertNoPageErrors();
    }

    [Fact]
    public async Task XssCorpus_ThroughMessagesProfilesFilesAndLeaveMessages_StaysInert()
    {
        var admin = await CreateAgentAsync("lead@test", 5, XssCorpus.Payloads[6], roles: "admin,agent");
        var page = await OpenWorkspaceAsync(admin);
        await SetStateAsync(page, "Online");

        var widget = await OpenPageAsync(Host.AddPage("shop", Server.Address, "data-lang=\"en\""));
        var p = XssCorpus.Payloads;
        await widget.EvaluateAsync(
            "p => window.KefuHub.setProfile({ nickname: p[0], trueName: p[1], company: p[2], description: p[3], phone: '+86 1', email: 'x@example.com', customFields: { [p[0]]: p[4], note: p[5] } })",
            p);
        await Launcher(widget).ClickAsync();
        var row = page.Locator("[data-kefu=session]");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        var sessionId = (await row.GetAttributeAsync("data-session-id"))!;
        foreach (var payload in p)
        {
            await SendFromWidgetAsync(widget, payload);
        }

        await Hook(widget, "attach").SetInputFilesAsync(new FilePayload { Name = XssCorpus.FileName, MimeType = "text/html", Buffer = "<script>window.__xss.push('file')</script>"u8.ToArray() });

        // A second visitor sends urls and cards through the hub; the hub may refuse the urls (issue 10).
        var visitor = await ConnectVisitorAsync(p[1]);
        var second = (await visitor.StartAsync(new StartSessionRequest(Text: p[2]))).ServiceSessionId!;
        foreach (var url in XssCorpus.Urls)
        {
            try
            {
                await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(second, Guid.NewGuid().ToString(), "img", "pic", url), Ct);
            }
            catch (Microsoft.AspNetCore.SignalR.HubException)
            {
            }
        }

        foreach (var type in new[] { "order", "track" })
        {
            var card = new { title = p[0], order_title = p[1], desc = p[2], price = p[3], img_url = "javascript:window.__xss.push('card-img')", item_url = "javascript:window.__xss.push('card-link')" };
            await visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(second, Guid.NewGuid().ToString(), type, p[4], null, System.Text.Json.JsonSerializer.SerializeToElement(new { msgtype = new Dictionary<string, object> { [type] = card } })), Ct);
        }

        var leaver = await ConnectVisitorAsync();
        await leaver.Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest(p[0], p[1], p[3], string.Join("\n", p)), Ct);

        await Session(page, sessionId).ClickAsync();
        await Assertions.Expect(page.Locator("[data-kefu=message][data-type=file] .fname")).ToHaveTextAsync(XssCorpus.FileName);
        foreach (var payload in p)
        {
            await Assertions.Expect(page.Locator("[data-kefu=message][data-type=txt] .bubble").Filter(new() { HasTextString = payload })).ToHaveCountAsync(1);
        }

        var profile = Hook(page, "visitor-profile");
        await Assertions.Expect(profile.Locator(".pname h2")).ToHaveTextAsync(p[0]);
        await Assertions.Expect(profile).ToContainTextAsync(p[4]);
        await Assertions.Expect(profile).ToContainTextAsync(p[5]);
        await Assertions.Expect(Session(page, sessionId).Locator(".rname")).ToHaveTextAsync(p[0]);
        await XssCorpus.AssertInertAsync(page, Root);
        await profile.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Assertions.Expect(profile.Locator("#ws-p-description")).ToHaveValueAsync(p[3]);
        await XssCorpus.AssertInertAsync(page, Root);

        await Session(page, second).ClickAsync();
        await Assertions.Expect(page.Locator("[data-kefu=message][data-type=order] .ctitle")).ToHaveTextAsync(p[0]);
        await XssCorpus.AssertInertAsync(page, Root);

        await page.GetByRole(AriaRole.Button, new() { Name = "Leave messages" }).ClickAsync();
        var leave = Hook(page, "leave-messages").Locator(".leave");
        await Assertions.Expect(leave).ToHaveCountAsync(1);
        await Assertions.Expect(leave.Locator(".lcontent")).ToHaveTextAsync(string.Join("\n", p));
        await XssCorpus.AssertInertAsync(page, Root);
        AssertNoPageErrors();
    }

    [Fact]
    public async Task LeaveMessages_ArriveLive_AndTheirStatusIsChanged()
    {
        var admin = await CreateAgentAsync("lead@test", 5, "Team Lead", roles: "admin,agent");
        var page = await OpenWorkspaceAsync(admin);
        var earlier = await ConnectVisitorAsync();
        await earlier.Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest("Wang Lei", "+86 138 0000 0000", "wang@example.com", "My parcel for order #1042 hasn't arrived. Please call me tomorrow morning."), Ct);

        await page.GetByRole(AriaRole.Button, new() { Name = "Leave messages" }).ClickAsync();
        var panel = Hook(page, "leave-messages");
        await Assertions.Expect(panel.Locator(".leave")).ToHaveCountAsync(1);
        await Assertions.Expect(panel.Locator(".leave").First).ToContainTextAsync("Wang Lei · +86 138 0000 0000 · wang@example.com");

        var later = await ConnectVisitorAsync();
        await later.Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest("Maria", null, "maria@example.com", "Do you ship to Spain?"), Ct);
        await Assertions.Expect(panel.Locator(".leave")).ToHaveCountAsync(2);
        await Assertions.Expect(panel.Locator(".leave").First).ToContainTextAsync("Do you ship to Spain?");

        var first = panel.Locator(".leave").Last;
        await first.Locator("select").SelectOptionAsync("Resolved");
        await Assertions.Expect(first).ToHaveAttributeAsync("data-status", "Resolved");
        var stored = await Server.Services.GetRequiredService<ILeaveMessageStore>().ListLeaveMessagesAsync(1, new LeaveMessageFilter(LeaveMessageStatus.Resolved), 0, 10, Ct);
        Assert.Equal("Wang Lei", Assert.Single(stored).Name);
        await ScreenshotAsync(page, "workspace-desktop-leave-messages");
        await AssertAccessibleAsync(page, Root);

        await panel.GetByRole(AriaRole.Button, new() { Name = "New" }).ClickAsync();
        await Assertions.Expect(panel.Locator(".leave")).ToHaveCountAsync(1);
        await Assertions.Expect(panel.Locator(".leave")).ToContainTextAsync("Spain");
        AssertNoPageErrors();
    }

    [Fact]
    public async Task InChinese_OnAPhone_ListChatAndDetailsAreOnePaneAtATime()
    {
        var alice = await CreateAgentAsync("alice@test", 3, "陈晓");
        var page = await OpenWorkspaceAsync(alice, Mobile, "zh-CN");
        Assert.Equal("zh-CN", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        Assert.Equal(["空闲", "忙碌", "离开", "隐身", "离线"], await Hook(page, "state").Locator("option").AllTextContentsAsync());
        await SetStateAsync(page, "Online");
        var sessions = new List<string>();
        foreach (var (name, text) in new[] { ("王磊", "请问我的订单 #1042 什么时候发货？"), ("李娜", "可以开增值税发票吗？"), ("张伟", "退货流程是怎样的？") })
        {
            var visitor = await ConnectVisitorAsync(name);
            sessions.Add((await visitor.StartAsync(new StartSessionRequest(Text: text))).ServiceSessionId!);
        }

        var waiting = await ConnectVisitorAsync("赵敏");
        var waitingId = (await waiting.StartAsync(new StartSessionRequest(Text: "有人在吗？"))).ServiceSessionId!;
        await Assertions.Expect(Waiting(page, waitingId)).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-kefu=session]")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator(".inbox")).ToContainTextAsync("进行中");
        await ScreenshotAsync(page, "workspace-mobile-list");
        await AssertAccessibleAsync(page, Root);

        // A phone shows one pane: the list, then the chat (with a way back), then the visitor's details.
        await Session(page, sessions[0]).ClickAsync();
        await Assertions.Expect(page.Locator(".inbox")).ToBeHiddenAsync();
        await Assertions.Expect(LogMessages(page).Last).ToContainTextAsync("什么时候发货");
        await Hook(page, "input").FillAsync("您好！订单已于今天上午发出，预计明天送达。");
        await Hook(page, "send").ClickAsync();
        await Assertions.Expect(page.Locator("[data-kefu=message][data-from=agent]").Last).ToHaveAttributeAsync("data-state", "sent");
        await ScreenshotAsync(page, "workspace-mobile-chat");
        await AssertAccessibleAsync(page, Root);
        await page.GetByRole(AriaRole.Button, new() { Name = "访客信息" }).ClickAsync();
        await Assertions.Expect(Hook(page, "visitor-profile")).ToBeInViewportAsync();
        await Assertions.Expect(Hook(page, "visitor-profile").Locator(".pname h2")).ToHaveTextAsync("王磊");
        await ScreenshotAsync(page, "workspace-mobile-details");
        await page.Locator(".details .dhead").GetByRole(AriaRole.Button, new() { Name = "返回" }).ClickAsync();
        await Assertions.Expect(LogMessages(page).Last).ToBeInViewportAsync();
        await page.Locator(".chat .chead").GetByRole(AriaRole.Button, new() { Name = "返回" }).ClickAsync();
        await Assertions.Expect(page.Locator(".inbox")).ToBeVisibleAsync();
        await Assertions.Expect(Session(page, sessions[0])).ToContainTextAsync("我: 您好！订单已于今天上午发出");
        AssertNoPageErrors();
    }

    [Fact]
    public async Task SeveralConversations_ShowUnreadCountsAndHowLongVisitorsHaveWaited()
    {
        var alice = await CreateAgentAsync("alice@test", 4, "Alice Chen");
        var agent = await ConnectAgentAsync(alice);
        await agent.Connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        var vip = await Server.Services.GetRequiredService<IVisitorTagStore>().CreateVisitorTagAsync(1, "VIP", 0, Ct);
        var repeat = await Server.Services.GetRequiredService<IVisitorTagStore>().CreateVisitorTagAsync(1, "Repeat buyer", 0, Ct);

        async Task<(KefuHub.Tests.Server.Hubs.VisitorClient Visitor, string Id)> ChatAsync(string name, params (bool Visitor, string Text)[] lines)
        {
            var visitor = await ConnectVisitorAsync(name);
            var id = (await visitor.StartAsync(new StartSessionRequest())).ServiceSessionId!;
            foreach (var (fromVisitor, text) in lines)
            {
                await (fromVisitor ? visitor.Connection : agent.Connection).InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(id, Guid.NewGuid().ToString(), "txt", text), Ct);
            }

            return (visitor, id);
        }

        var tom = await ChatAsync("Tom Baker", (true, "Is the blue rain jacket back in stock in size L?"));
        var maria = await ChatAsync("Maria García", (true, "Do you ship to Spain?"), (false, "Yes! Delivery to Spain takes 3–5 business days."), (true, "Great, and is there customs to pay?"), (false, "No, it's all included in the price."));
        var chen = await ChatAsync("Chen Jing", (true, "Hi, I ordered the linen shirt yesterday."), (true, "Can I still change the size to M?"));
        var wang = await ChatAsync("Wang Lei", (true, "Hello, where is my order #1042?"), (false, "Hi Wang! Let me check — one moment please."), (true, "Thanks. It was due on Monday, and I need it for a trip on Friday."));
        await Server.Services.GetRequiredService<IVisitorStore>().SetVisitorTagsAsync(1, wang.Visitor.Visitor.VisitorId, [vip.Id, repeat.Id], Ct);
        using (var put = new HttpRequestMessage(HttpMethod.Put, $"/api/tenants/1/visitors/{wang.Visitor.Visitor.VisitorId}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { trueName = "Wang Lei", phone = "+86 138 0013 8000", email = "wang.lei@example.com", company = "Lei Trading Co.", description = "Prefers WeChat; orders every month.", customFields = new Dictionary<string, string> { ["Plan"] = "Gold", ["Orders"] = "14" } }),
        })
        {
            put.Headers.Add("Kefu-Token", alice.Token);
            (await Server.Http.SendAsync(put, Ct)).EnsureSuccessStatusCode();
        }

        foreach (var name in new[] { "Olivia Brown", "Liu Yang" })
        {
            var waitingVisitor = await ConnectVisitorAsync(name);
            Assert.Equal("Wait", (await waitingVisitor.StartAsync(new StartSessionRequest(Text: "Hello?"))).State);
        }

        // Seven minutes later, in the browser's clock.
        var page = await OpenWorkspaceAsync(alice);
        await page.Clock.SetFixedTimeAsync(DateTime.UtcNow.AddMinutes(7));
        await page.ReloadAsync();
        await Ready(page);
        Assert.Equal([wang.Id, chen.Id, maria.Id, tom.Id], await page.Locator("[data-kefu=session]").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.sessionId)"));
        await Assertions.Expect(Session(page, tom.Id)).ToHaveAttributeAsync("data-unread", "1");
        await Assertions.Expect(Session(page, chen.Id)).ToHaveAttributeAsync("data-unread", "2");
        await Assertions.Expect(Session(page, chen.Id).Locator(".wait")).ToHaveTextAsync("Waiting 7m");
        await Assertions.Expect(Session(page, maria.Id).Locator(".wait")).ToBeHiddenAsync();
        await Assertions.Expect(Session(page, maria.Id)).ToContainTextAsync("You: No, it's all included in the price.");
        await Assertions.Expect(page.Locator("[data-kefu=waiting]")).ToHaveCountAsync(2);

        await Session(page, wang.Id).ClickAsync();
        await Assertions.Expect(Session(page, wang.Id)).ToHaveAttributeAsync("data-unread", "0");
        await Assertions.Expect(Session(page, wang.Id).Locator(".wait")).ToHaveTextAsync("Waiting 7m");
        var profile = Hook(page, "visitor-profile");
        await Assertions.Expect(profile.Locator(".chip")).ToHaveTextAsync(["VIP", "Repeat buyer"]);
        await Assertions.Expect(profile).ToContainTextAsync("Lei Trading Co.");
        await Hook(page, "input").FillAsync("Good news: it's out for delivery and arrives tomorrow before noon.");
        await ScreenshotAsync(page, "workspace-desktop-inbox");
        await AssertAccessibleAsync(page, Root);
        await Hook(page, "input").PressAsync("Enter");
        await Assertions.Expect(Session(page, wang.Id).Locator(".wait")).ToBeHiddenAsync();
        Assert.Equal(wang.Id, await page.Locator("[data-kefu=session]").First.GetAttributeAsync("data-session-id"));
        AssertNoPageErrors();
    }

    [Fact]
    public async Task Notifications_SoundAndDesktop_AreOffUntilTurnedOn_ThenNewSessionsAndMessagesRaiseThem()
    {
        // Chromium headless has no notification centre or speakers, and keeps every tab visible and focused:
        // the page's Notification and AudioContext record instead, and the test says when the agent looks away.
        const string Recorders = """
            window.__notified = []; window.__chimes = 0; window.__away = false;
            Object.defineProperty(document, 'visibilityState', { get: () => window.__away ? 'hidden' : 'visible' });
            document.hasFocus = () => !window.__away;
            window.Notification = class { constructor(title, options) { window.__notified.push({ title, body: options.body, tag: options.tag }); } close() {} };
            window.Notification.permission = 'default';
            window.Notification.requestPermission = async () => (window.Notification.permission = 'granted');
            window.AudioContext = class {
              constructor() { this.currentTime = 0; this.destination = {}; }
              createOscillator() { return { frequency: {}, connect: n => n, start: () => window.__chimes++, stop() {}, set onended(f) {} }; }
              createGain() { return { gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} }, connect: n => n }; }
              close() {}
            };
            """;
        var alice = await CreateAgentAsync("alice@test", 3, "Alice Chen");
        var page = await OpenWorkspaceAsync(alice, initScript: Recorders);
        await SetStateAsync(page, "Online");

        // Off: a new session while the agent looks elsewhere raises nothing.
        await LookAwayAsync(page, true);
        var first = await ConnectVisitorAsync("Quiet Visitor");
        var firstId = (await first.StartAsync(new StartSessionRequest(Text: "hello"))).ServiceSessionId!;
        await Assertions.Expect(Session(page, firstId)).ToBeVisibleAsync();
        Assert.Equal((0, 0), (await page.EvaluateAsync<int>("() => window.__notified.length"), await page.EvaluateAsync<int>("() => window.__chimes")));

        await LookAwayAsync(page, false);
        var sound = page.GetByRole(AriaRole.Button, new() { Name = "Sound" });
        var desktop = page.GetByRole(AriaRole.Button, new() { Name = "Desktop notifications" });
        await Assertions.Expect(sound).ToHaveAttributeAsync("aria-pressed", "false");
        await sound.ClickAsync();
        await desktop.ClickAsync();
        await Assertions.Expect(sound).ToHaveAttributeAsync("aria-pressed", "true");
        await Assertions.Expect(desktop).ToHaveAttributeAsync("aria-pressed", "true");

        // On, with the agent elsewhere: a new session and a new message each chime and notify.
        await LookAwayAsync(page, true);
        var second = await ConnectVisitorAsync("Loud Visitor");
        var secondId = (await second.StartAsync(new StartSessionRequest())).ServiceSessionId!;
        await Assertions.Expect(Session(page, secondId)).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => window.__notified.length === 1");
        await second.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(secondId, Guid.NewGuid().ToString(), "txt", "Are you there?"), Ct);
        await page.WaitForFunctionAsync("() => window.__notified.length === 2");
        var notified = await page.EvaluateAsync<JsonElement>("() => window.__notified");
        Assert.Equal(("New conversation", "Loud Visitor", secondId), (notified[0].GetProperty("title").GetString(), notified[0].GetProperty("body").GetString(), notified[0].GetProperty("tag").GetString()));
        Assert.Equal(("New message from Loud Visitor", "Are you there?"), (notified[1].GetProperty("title").GetString(), notified[1].GetProperty("body").GetString()));
        Assert.Equal(2, await page.EvaluateAsync<int>("() => window.__chimes"));

        // Looking at the open conversation: a message there is quiet. The preference is kept for the next visit.
        await LookAwayAsync(page, false);
        await Session(page, secondId).ClickAsync();
        await second.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(secondId, Guid.NewGuid().ToString(), "txt", "Hello again"), Ct);
        await Assertions.Expect(LogMessages(page).Last).ToContainTextAsync("Hello again");
        Assert.Equal((2, 2), (await page.EvaluateAsync<int>("() => window.__notified.length"), await page.EvaluateAsync<int>("() => window.__chimes")));
        await page.ReloadAsync();
        await Ready(page);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sound" })).ToHaveAttributeAsync("aria-pressed", "true");
        AssertNoPageErrors();
    }

    private static async Task LookAwayAsync(IPage page, bool away) =>
        await page.EvaluateAsync("away => { window.__away = away; document.dispatchEvent(new Event('visibilitychange')); }", away);

    private static ILocator Bubbles(IPage page) => page.Locator(".chat .log [data-kefu=message] .bubble");

    private static Task<SendMessageResult> VisitorSendAsync(KefuHub.Tests.Server.Hubs.VisitorClient visitor, string sessionId, string text) =>
        visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(sessionId, Guid.NewGuid().ToString(), "txt", text), Ct);
}
