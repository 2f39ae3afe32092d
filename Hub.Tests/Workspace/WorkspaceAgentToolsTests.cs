using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Widget;
using Microsoft.Playwright;

namespace KefuHub.Tests.Workspace;

/// <summary>
/// The agent's own tools in the workspace, in Chromium against the real hub: its profile and password
/// (<c>PUT /agents/me</c>) and its personal quick replies (<c>/quickReplies</c>), checked through REST.
/// </summary>
public sealed class WorkspaceAgentToolsTests(Chromium chromium) : WorkspaceBrowserTestBase(chromium), IClassFixture<Chromium>
{
    [Fact]
    public async Task Agent_EditsItsProfile_AndChangesItsPassword_StayingSignedInWithTheNewOne()
    {
        var alice = await CreateAgentAsync("alice@test", 2, "Alice Chen");
        var page = await OpenWorkspaceAsync(alice);
        await SetStateAsync(page, "Online");
        await Assertions.Expect(page.Locator(".ihead .me")).ToHaveTextAsync("Alice Chen");
        // A second tab of the same browser, signed in through the stored login.
        var second = await page.Context.NewPageAsync();
        Watch(second);
        await second.GotoAsync(page.Url);
        await Ready(second);
        var png = await DrawPngAsync(page);
        await page.RouteAsync("https://avatars.example.test/**", route => route.FulfillAsync(new() { ContentType = "image/png", BodyBytes = png }));

        await Hook(page, "my-profile").ClickAsync();
        var dialog = Hook(page, "my-profile-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(Hook(page, "my-nicename")).ToHaveValueAsync("Alice Chen");
        await Assertions.Expect(Hook(page, "my-nicename")).ToBeFocusedAsync();
        await Assertions.Expect(dialog.Locator("#ws-me-username")).ToHaveValueAsync("alice@test");
        await Hook(page, "my-nicename").FillAsync("Alice C.");
        await Hook(page, "my-true-name").FillAsync("陈爱丽");
        await Hook(page, "my-phone").FillAsync("+86 138 0013 8000");
        await Hook(page, "my-avatar-url").FillAsync("https://avatars.example.test/alice.png");
        await Hook(page, "my-avatar-url").PressAsync("Tab");
        await Hook(page, "my-current-password").FillAsync("password-alice@test");
        await Hook(page, "my-new-password").FillAsync("n3w-Secret-2026");
        await Hook(page, "my-confirm-password").FillAsync("n3w-Secret-2026");
        await Assertions.Expect(dialog.Locator(".me-avatar img")).ToBeVisibleAsync();
        Assert.True(await dialog.Locator(".me-avatar img").EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 480"), "the avatar preview shows the image");
        await ScreenshotAsync(page, "workspace-desktop-my-profile");
        await AssertAccessibleAsync(page, "#ws-my-profile");

        // The save shows its progress while the hub answers.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/api/tenants/1/agents/me", async route =>
        {
            if (route.Request.Method == "PUT")
            {
                await release.Task;
            }

            await route.ContinueAsync();
        });
        var save = Hook(page, "my-profile-save");
        await save.ClickAsync();
        await Assertions.Expect(save).ToHaveAttributeAsync("aria-busy", "true");
        await Assertions.Expect(save).ToHaveTextAsync("Saving…");
        release.SetResult();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".ihead .me")).ToHaveTextAsync("Alice C.");
        await Assertions.Expect(Hook(page, "my-profile")).ToBeFocusedAsync();

        // Stored as typed; the old password is gone and the new one signs in.
        Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync("alice@test", "password-alice@test"));
        Assert.Equal(HttpStatusCode.OK, await LoginStatusAsync("alice@test", "n3w-Secret-2026"));
        var newToken = await Server.LoginAsync("alice@test", "n3w-Secret-2026", Ct);
        var (_, me) = await CallAsync(HttpMethod.Get, "/agents/me", newToken);
        var entity = me.GetProperty("entity");
        Assert.Equal(
            ("Alice C.", "陈爱丽", "+86 138 0013 8000", "https://avatars.example.test/alice.png"),
            (entity.GetProperty("nicename").GetString(), entity.GetProperty("trueName").GetString(), entity.GetProperty("mobilePhone").GetString(), entity.GetProperty("avatarUrl").GetString()));

        // The hub dropped the agent's tokens and connections: the workspace signed in again with the new password,
        // keeps that token for its other tabs, and is back on the hub, still online, receiving new chats.
        Assert.Equal(HttpStatusCode.Unauthorized, (await CallAsync(HttpMethod.Get, "/agents/me", alice.Token)).Status);
        var stored = await page.EvaluateAsync<string>("() => JSON.parse(localStorage.getItem('kefuhub:ws:login')).token");
        Assert.Equal(HttpStatusCode.OK, (await CallAsync(HttpMethod.Get, "/agents/me", stored)).Status);
        await Assertions.Expect(Hook(page, "connection")).ToHaveAttributeAsync("data-state", "connected");
        await Assertions.Expect(Hook(page, "state")).ToHaveValueAsync("Online");
        var visitor = await ConnectVisitorAsync("Wang Lei");
        var started = await visitor.StartAsync(new StartSessionRequest(Text: "Hello after your password change"));
        await Assertions.Expect(Session(page, started.ServiceSessionId!)).ToBeVisibleAsync();
        Assert.Equal("Alice C.", (await visitor.States.NextAsync(e => e.State == "Processing", Timeout)).Agent!.Nicename);
        await Assertions.Expect(page.Locator(".login")).ToHaveCountAsync(0);
        // The other tab took up the new token: it is back on the hub too.
        await Assertions.Expect(Session(second, started.ServiceSessionId!)).ToBeVisibleAsync();
        await Assertions.Expect(second.Locator(".login")).ToHaveCountAsync(0);
        AssertNoPageErrors();
    }

    [Fact]
    public async Task WrongCurrentPassword_OnAPhoneInChinese_ShowsTheError_AndChangesNothing()
    {
        var bob = await CreateAgentAsync("bob@test", 2, "王博");
        var page = await OpenWorkspaceAsync(bob, Mobile, "zh-CN");
        await Hook(page, "my-profile").ClickAsync();
        var dialog = Hook(page, "my-profile-dialog");
        await Assertions.Expect(Hook(page, "my-nicename")).ToHaveValueAsync("王博");
        await Hook(page, "my-nicename").FillAsync("博哥");
        await Hook(page, "my-current-password").FillAsync("not-my-password");
        await Hook(page, "my-new-password").FillAsync("another-pass-1");
        await Hook(page, "my-confirm-password").FillAsync("another-pass-1");
        await Hook(page, "my-profile-save").ClickAsync();

        var current = Hook(page, "my-current-password");
        await Assertions.Expect(dialog.Locator("#ws-me-currentPassword-error")).ToHaveTextAsync("当前密码不正确。");
        await Assertions.Expect(current).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(current).ToBeFocusedAsync();
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(Hook(page, "my-profile-save")).ToHaveTextAsync("保存");
        await ScreenshotAsync(page, "workspace-mobile-my-profile-error");
        await AssertAccessibleAsync(page, "#ws-my-profile");
        await AssertUnchangedAsync();

        // Too short, as the hub answers it: on the new password; the current one's error is gone.
        await current.FillAsync("password-bob@test");
        await Hook(page, "my-new-password").FillAsync("short");
        await Hook(page, "my-confirm-password").FillAsync("short");
        await Hook(page, "my-profile-save").ClickAsync();
        await Assertions.Expect(dialog.Locator("#ws-me-newPassword-error")).ToHaveTextAsync("新密码长度需为 8 到 128 个字符。");
        await Assertions.Expect(current).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(dialog.Locator("#ws-me-currentPassword-error")).ToBeHiddenAsync();
        await AssertUnchangedAsync();

        // Escape closes it, nothing saved, and focus is back on the rail's button.
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(Hook(page, "my-profile")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator(".ihead .me")).ToHaveTextAsync("王博");
        await AssertUnchangedAsync();
        AssertNoPageErrors();

        async Task AssertUnchangedAsync()
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginStatusAsync("bob@test", "another-pass-1"));
            var (status, me) = await CallAsync(HttpMethod.Get, "/agents/me", await Server.LoginAsync("bob@test", "password-bob@test", Ct));
            Assert.Equal((HttpStatusCode.OK, "王博"), (status, me.GetProperty("entity").GetProperty("nicename").GetString()));
        }
    }

    [Fact]
    public async Task PersonalQuickReplies_AreAddedEditedAndDeleted_ApartFromTheTeams_AndInsertedIntoTheComposer()
    {
        var admin = await Server.LoginAsync(KefuTestServer.AdminUsername, KefuTestServer.AdminPassword, Ct);
        await CallAsync(HttpMethod.Post, "/quickReplies", admin, new { group = "Shipping", text = "Your parcel ships within 24 hours." });
        await CallAsync(HttpMethod.Post, "/quickReplies", admin, new { group = "Greetings", text = "Hello! How can I help you today?" });
        var alice = await CreateAgentAsync("alice@test", 2, "Alice Chen");
        var bob = await CreateAgentAsync("bob@test", 2, "Bob Li");
        var page = await OpenWorkspaceAsync(alice);
        await SetStateAsync(page, "Online");
        var visitor = await ConnectVisitorAsync("Zhang Wei");
        var started = await visitor.StartAsync(new StartSessionRequest(Text: "How do I return a jacket?"));
        await Session(page, started.ServiceSessionId!).ClickAsync();

        // From the popover to the dialog: the team's replies are there, read-only.
        await Hook(page, "quick-reply").ClickAsync();
        await Assertions.Expect(page.Locator(".quick-pop .qitem")).ToHaveCountAsync(2);
        await Hook(page, "quick-manage").ClickAsync();
        var dialog = Hook(page, "my-quick-replies");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        var team = dialog.Locator("[data-kefu=quick-item][data-personal=false]");
        await Assertions.Expect(team).ToHaveCountAsync(2);
        await Assertions.Expect(team.Locator("button")).ToHaveCountAsync(0);
        await Assertions.Expect(dialog.Locator("[data-kefu=quick-item][data-personal=true]")).ToHaveCountAsync(0);

        // Add two.
        await Hook(page, "quick-new").ClickAsync();
        await Assertions.Expect(Hook(page, "quick-group")).ToBeFocusedAsync();
        await Hook(page, "quick-group").FillAsync("Returns");
        await Hook(page, "quick-text").FillAsync("Send the jacket back with the label we email you.");
        await AssertAccessibleAsync(page, "#ws-quick-manage");
        await Hook(page, "quick-save").ClickAsync();
        var mine = dialog.Locator("[data-kefu=quick-item][data-personal=true]");
        await Assertions.Expect(mine).ToHaveCountAsync(1);
        await Hook(page, "quick-new").ClickAsync();
        await Hook(page, "quick-text").FillAsync("Thanks for waiting, I'm checking now.");
        // Enter in the group box saves the reply, and does not close the dialog.
        await Hook(page, "quick-group").PressAsync("Enter");
        await Assertions.Expect(mine).ToHaveCountAsync(2);
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        var replies = await RepliesAsync(alice.Token);
        var returns = Assert.Single(replies, r => r.Personal && r.Group == "Returns");
        Assert.Equal("Send the jacket back with the label we email you.", returns.Text);
        Assert.Single(replies, r => r.Personal && r.Text == "Thanks for waiting, I'm checking now." && r.Group == string.Empty);

        // Edit one (Ctrl+Enter saves).
        var row = dialog.Locator($"[data-kefu=quick-item][data-reply-id='{returns.Id}']");
        await row.Locator("[data-kefu=quick-edit]").ClickAsync();
        await Assertions.Expect(Hook(page, "quick-text")).ToBeFocusedAsync();
        await Hook(page, "quick-text").FillAsync("Send the jacket back within 14 days with the label we email you.");
        await Hook(page, "quick-text").PressAsync("Control+Enter");
        await Assertions.Expect(row).ToContainTextAsync("within 14 days");
        await Assertions.Expect(row.Locator("[data-kefu=quick-edit]")).ToBeFocusedAsync();
        Assert.Equal("Send the jacket back within 14 days with the label we email you.", (await RepliesAsync(alice.Token)).Single(r => r.Id == returns.Id).Text);

        // Bob sees the team's replies only.
        Assert.Equal([false, false], (await RepliesAsync(bob.Token)).Select(r => r.Personal));

        // One search over both.
        await Hook(page, "quick-search").FillAsync("PARCEL");
        await Assertions.Expect(dialog.Locator("[data-kefu=quick-item]")).ToHaveCountAsync(1);
        await Assertions.Expect(team).ToHaveCountAsync(1);
        await Hook(page, "quick-search").FillAsync("you");
        await Assertions.Expect(mine).ToHaveCountAsync(1);
        await Assertions.Expect(team).ToHaveCountAsync(2);
        await Hook(page, "quick-search").FillAsync("thanks");
        await Assertions.Expect(mine).ToHaveCountAsync(1);
        await Assertions.Expect(team).ToHaveCountAsync(0);
        await Hook(page, "quick-search").FillAsync(string.Empty);
        await ScreenshotAsync(page, "workspace-desktop-quick-replies");
        await AssertAccessibleAsync(page, "#ws-quick-manage");
        await Hook(page, "quick-done").ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(Hook(page, "quick-reply")).ToBeFocusedAsync();

        // The popover has it, marked as the agent's own; it goes into the reply box and to the visitor.
        await Hook(page, "quick-reply").ClickAsync();
        await Assertions.Expect(page.Locator(".quick-pop .qitem")).ToHaveCountAsync(4);
        await ScreenshotAsync(page, "workspace-desktop-quick-popover");
        await page.Locator(".quick-pop input[type=search]").FillAsync("14 days");
        var item = page.Locator(".quick-pop .qitem");
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item).ToHaveAttributeAsync("data-personal", "true");
        await Assertions.Expect(item.Locator(".qmine")).ToHaveTextAsync("Personal");
        await item.ClickAsync();
        await Assertions.Expect(Hook(page, "input")).ToHaveValueAsync("Send the jacket back within 14 days with the label we email you.");
        await Assertions.Expect(Hook(page, "input")).ToBeFocusedAsync();
        await Hook(page, "input").PressAsync("Enter");
        Assert.Equal("Send the jacket back within 14 days with the label we email you.", (await visitor.Messages.NextAsync(m => m.From == "agent", Timeout)).Text);

        // Delete, after a confirmation.
        await Hook(page, "quick-reply").ClickAsync();
        await Hook(page, "quick-manage").ClickAsync();
        await Assertions.Expect(mine).ToHaveCountAsync(2);
        await row.Locator("[data-kefu=quick-delete]").ClickAsync();
        await Assertions.Expect(row.Locator("[data-kefu=quick-delete-confirm]")).ToBeFocusedAsync();
        await AssertAccessibleAsync(page, "#ws-quick-manage");
        await row.Locator("[data-kefu=quick-delete-confirm]").ClickAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Assertions.Expect(mine).ToHaveCountAsync(1);
        Assert.DoesNotContain(await RepliesAsync(alice.Token), r => r.Id == returns.Id);
        Assert.Equal(HttpStatusCode.NotFound, (await CallAsync(HttpMethod.Get, $"/quickReplies/{returns.Id}", alice.Token)).Status);

        await page.SetViewportSizeAsync(Mobile.Width, Mobile.Height);
        await ScreenshotAsync(page, "workspace-mobile-quick-replies");
        AssertNoPageErrors();
    }

    private async Task<HttpStatusCode> LoginStatusAsync(string username, string password)
    {
        using var response = await Server.Http.PostAsJsonAsync("/api/tenants/1/agents/token", new { username, password }, Ct);
        return response.StatusCode;
    }

    private async Task<List<(int Id, string Group, string Text, bool Personal)>> RepliesAsync(string token)
    {
        var (status, body) = await CallAsync(HttpMethod.Get, "/quickReplies", token);
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. body.GetProperty("entities").EnumerateArray().Select(r => (r.GetProperty("id").GetInt32(), r.GetProperty("group").GetString() ?? string.Empty, r.GetProperty("text").GetString()!, r.GetProperty("personal").GetBoolean()))];
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> CallAsync(HttpMethod method, string path, string token, object? body = null)
    {
        using var request = new HttpRequestMessage(method, "/api/tenants/1" + path);
        request.Headers.Add("Kefu-Token", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Server.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
