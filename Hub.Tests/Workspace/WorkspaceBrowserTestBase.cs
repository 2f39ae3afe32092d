using System.Net.Http.Json;
using System.Text.Json;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Widget;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KefuHub.Tests.Workspace;

/// <summary>
/// The agent workspace (<c>/workspace</c>, served by the hub) in Chromium, next to visitors in the widget on a
/// host page of another origin: the widget tests' hub, host page and browser, with workspace helpers.
/// </summary>
public abstract class WorkspaceBrowserTestBase(Chromium chromium) : WidgetBrowserTestBase(chromium)
{
    protected const string Root = "#kefu-workspace";

    /// <summary>A new browser profile on <c>/workspace</c>, signed in through the login form, its first screen ready.</summary>
    protected async Task<IPage> OpenWorkspaceAsync(TestAgent agent, (int Width, int Height)? viewport = null, string lang = "en", string? initScript = null)
    {
        var page = await NewPageAsync(new Uri(Server.Address, $"/workspace?lang={lang}").ToString(), viewport, initScript);
        await SignInAsync(page, agent);
        return page;
    }

    protected static async Task SignInAsync(IPage page, TestAgent agent)
    {
        await Hook(page, "login-username").FillAsync(agent.Username);
        await Hook(page, "login-password").FillAsync("password-" + agent.Username);
        await Hook(page, "login-submit").ClickAsync();
        await Ready(page);
    }

    /// <summary>The workspace has its sessions and their histories.</summary>
    protected static Task Ready(IPage page) =>
        Assertions.Expect(page.Locator(".app[data-ready=true]")).ToBeAttachedAsync(new() { Timeout = 15_000 });

    protected static ILocator Session(IPage page, string sessionId) => page.Locator($"[data-kefu=session][data-session-id='{sessionId}']");

    protected static ILocator Waiting(IPage page, string sessionId) => page.Locator($"[data-kefu=waiting][data-session-id='{sessionId}']");

    protected static ILocator Log(IPage page) => page.Locator(".chat .log");

    protected static ILocator LogMessages(IPage page) => page.Locator(".chat .log [data-kefu=message]");

    protected static async Task SetStateAsync(IPage page, string state)
    {
        await Hook(page, "state").SelectOptionAsync(state);
        await Assertions.Expect(Hook(page, "state")).ToHaveValueAsync(state);
    }

    /// <summary>A queue made as an administrator makes one (<c>POST /queues</c>), applied to routing: its id.</summary>
    protected async Task<int> CreateQueueAsync(string name, params string[] agentUsernames)
    {
        var admin = await Server.LoginAsync(KefuTestServer.AdminUsername, KefuTestServer.AdminPassword, Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tenants/1/queues") { Content = JsonContent.Create(new { queueName = name, agentUsernames }) };
        request.Headers.Add("Kefu-Token", admin);
        using var response = await Server.Http.SendAsync(request, Ct);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return body.RootElement.GetProperty("entity").GetProperty("queueId").GetInt32();
    }

    protected async Task<SummaryRecord> CreateSummaryAsync(string name, int parentId = 0) =>
        await Server.Services.GetRequiredService<ISummaryStore>().CreateSummaryAsync(KefuTestServer.TenantId, name, 0, parentId, Ct);
}
