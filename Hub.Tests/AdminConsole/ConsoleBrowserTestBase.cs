using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using KefuHub.Tests.Api;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Server.Hubs;
using KefuHub.Tests.Widget;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KefuHub.Tests.AdminConsole;

/// <summary>
/// The console at <c>/admin</c> in Chromium against the real hub, on the widget tests' fixtures (the hub
/// on a loopback port, a host page for the widget, agents through the .NET SignalR client).
/// </summary>
public abstract class ConsoleBrowserTestBase(Chromium chromium) : WidgetBrowserTestBase(chromium)
{
    private readonly Chromium _chromium = chromium;
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _consoleErrors = [];
    private static readonly Lazy<string> AxeSource = new(() => File.ReadAllText(Path.Combine(RepositoryRoot(), "Hub.Widget", "node_modules", "axe-core", "axe.min.js")));
    private string? _adminToken;

    public override async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A new browser profile on the console's login screen; page errors and dialogs fail the test.</summary>
    protected async Task<IPage> OpenConsoleAsync((int Width, int Height)? viewport = null, string locale = "en-US")
    {
        var size = viewport ?? Desktop;
        var context = await _chromium.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = size.Width, Height = size.Height },
            Locale = locale,
            DeviceScaleFactor = size.Width < 480 ? 2 : 1,
            IsMobile = size.Width < 480,
            HasTouch = size.Width < 480,
            AcceptDownloads = true,
        });
        _contexts.Add(context);
        await context.AddInitScriptAsync("window.__xss = [];");
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _consoleErrors.Add(error);
        page.Console += (_, message) =>
        {
            // A refused inline script or style would show here as a CSP violation.
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                _consoleErrors.Add(message.Text);
            }
        };
        page.Dialog += async (_, dialog) =>
        {
            _consoleErrors.Add("dialog: " + dialog.Message);
            await dialog.DismissAsync();
        };
        await page.GotoAsync(new Uri(Server.Address, "/admin").ToString());
        await Assertions.Expect(page.Locator("[data-kefu=login-username]")).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Signs in through the form with the bootstrap administrator (or another account) and waits for the dashboard.</summary>
    protected static async Task SignInAsync(IPage page, string username = KefuTestServer.AdminUsername, string password = KefuTestServer.AdminPassword)
    {
        await page.Locator("[data-kefu=login-username]").FillAsync(username);
        await page.Locator("[data-kefu=login-password]").FillAsync(password);
        await page.Locator("[data-kefu=login-submit]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-kefu=dashboard]")).ToBeVisibleAsync();
    }

    /// <summary>Goes to a section as a user does on a desktop: its link in the sidebar.</summary>
    protected static async Task NavigateAsync(IPage page, string route)
    {
        if (await page.Locator(".menu-button").IsVisibleAsync())
        {
            await page.Locator(".menu-button").ClickAsync();
        }

        await page.Locator($".nav-link[data-route='{route}']").ClickAsync();
        await Assertions.Expect(page.Locator($".nav-link[data-route='{route}']")).ToHaveAttributeAsync("aria-current", "page");
        await Assertions.Expect(page.Locator(".loading")).ToHaveCountAsync(0);
    }

    protected void AssertNoConsoleErrors()
    {
        AssertNoPageErrors();
        Assert.True(_consoleErrors.Count == 0, "Console page errors: " + string.Join(" | ", _consoleErrors));
    }

    protected static async Task ConsoleScreenshotAsync(IPage page, string name)
    {
        // Let the toasts' and dialogs' animations settle.
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, "console-" + name + ".png"), FullPage = false });
    }

    /// <summary>axe-core (from Hub.Widget's devDependencies) over the whole page: no serious or critical violation.</summary>
    protected static async Task AssertConsoleAccessibleAsync(IPage page, string where)
    {
        // Evaluated through the DevTools protocol: a script tag would be (rightly) refused by the page's CSP.
        await page.EvaluateAsync(AxeSource.Value + ";undefined");
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '));
            }
            """);
        var violations = result.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(violations.Count == 0, $"axe-core on {where}: " + string.Join(" | ", violations));
    }

    /// <summary>
    /// Nothing injected ran, and the console's DOM holds no script but its own, no frame, no handler
    /// attribute and no link or image that is not http(s) or a blob.
    /// </summary>
    protected static async Task AssertInertAsync(IPage page, string where)
    {
        foreach (var element in await page.Locator("main b, main img, dialog b, dialog img").AllAsync())
        {
            if (await element.IsVisibleAsync())
            {
                await element.HoverAsync();
            }
        }

        var report = await page.EvaluateAsync<string[]>("""
            () => {
              const problems = [...window.__xss];
              for (const el of document.querySelectorAll('*')) {
                if (el.tagName === 'SCRIPT' && !/\/admin\.js\?v=|axe/.test(el.src || 'inline')) problems.push('script ' + (el.src || el.textContent.slice(0, 40)));
                if (['IFRAME', 'OBJECT', 'EMBED', 'FRAME'].includes(el.tagName)) problems.push('element ' + el.tagName);
                for (const a of el.attributes) if (a.name.startsWith('on')) problems.push('attribute ' + a.name + ' on ' + el.tagName);
                const url = el.tagName === 'A' ? el.href : el.tagName === 'IMG' ? el.src : null;
                if (url && !/^(https?|blob):/i.test(url)) problems.push('url ' + url);
              }
              return problems;
            }
            """);
        Assert.True(report.Length == 0, $"XSS on {where}: " + string.Join(" | ", report));
    }

    protected async Task<string> AdminTokenAsync() =>
        _adminToken ??= await Server.LoginAsync(KefuTestServer.AdminUsername, KefuTestServer.AdminPassword, Ct);

    /// <summary>A REST call with the administrator's token; the answer must be 200.</summary>
    protected async Task<JsonElement> RestAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, $"/api/tenants/{KefuTestServer.TenantId}{path}");
        request.Headers.Add("Kefu-Token", await AdminTokenAsync());
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Server.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var result = new ApiResult(response.StatusCode, JsonDocument.Parse(text).RootElement.Clone()).Ok();
        return result.Body;
    }

    /// <summary>A visitor with this nickname, served by the agent it asks for, with its text and a reply; the session id.</summary>
    protected async Task<string> StartServedAsync(AgentClient agent, string nickname, string text)
    {
        var visitor = await Server.CreateVisitorAsync(nickname, Ct);
        var connection = Server.VisitorConnection(visitor.Token);
        await using var _ = connection;
        await connection.StartAsync(Ct);
        var started = await connection.InvokeAsync<StartSessionResult>("StartSession", new StartSessionRequest(AgentUsername: agent.Agent.Username), Ct);
        Assert.Equal("Processing", started.State);
        await connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(started.ServiceSessionId!, Guid.NewGuid().ToString(), "txt", text), Ct);
        await AgentSendAsync(agent, started.ServiceSessionId!, "txt", "On it!");
        return started.ServiceSessionId!;
    }

    /// <summary>
    /// Closed sessions with messages on each of the <paramref name="days"/> days before today (UTC, the
    /// zone of a tenant without a time plan), written to the durable store as history: a month of data
    /// for the dashboard's trends. The sessions and messages of each day, by <c>yyyy-MM-dd</c>.
    /// </summary>
    protected async Task<Dictionary<string, (int Sessions, int Messages)>> SeedPastDaysAsync(IReadOnlyList<TestAgent> agents, int days = 29)
    {
        var store = Server.Services.GetRequiredService<ISessionStore>();
        var visitors = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            visitors.Add((await Server.CreateVisitorAsync($"Customer {i + 1}", Ct)).VisitorId);
        }

        var today = DateTimeOffset.UtcNow.UtcDateTime.Date;
        var seeded = new Dictionary<string, (int Sessions, int Messages)>();
        for (var d = days; d >= 1; d--)
        {
            var day = new DateTimeOffset(today.AddDays(-d), TimeSpan.Zero);
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var sessions = Math.Max(1, (int)Math.Round(10 + (5 * Math.Sin(d / 4.0)) + ((d * 7) % 5) - (weekend ? 6 : 0)));
            var messages = 0;
            for (var i = 0; i < sessions; i++)
            {
                var created = day.AddHours(9).AddMinutes(i * 23);
                var id = Guid.NewGuid().ToString();
                var agent = agents[(i + d) % agents.Count];
                await store.UpsertSessionAsync(
                    new SessionRecord
                    {
                        TenantId = KefuTestServer.TenantId,
                        ServiceSessionId = id,
                        VisitorId = visitors[(i + d) % visitors.Count],
                        State = KefuHub.Routing.SessionState.Terminal,
                        AgentUserId = agent.UserId,
                        CreatedAt = created,
                        StartedAt = created.AddSeconds(20),
                        StoppedAt = created.AddMinutes(9),
                        EndReason = "ClosedByAgent",
                    },
                    Ct);
                var count = 2 + ((i + d) % 5);
                for (var m = 0; m < count; m++)
                {
                    await store.AppendMessageAsync(
                        new NewMessage
                        {
                            TenantId = KefuTestServer.TenantId,
                            ServiceSessionId = id,
                            MessageId = Guid.NewGuid().ToString(),
                            ClientMessageId = Guid.NewGuid().ToString(),
                            From = m % 2 == 0 ? MessageSender.Visitor : MessageSender.Agent,
                            SenderId = m % 2 == 0 ? visitors[(i + d) % visitors.Count] : agent.UserId,
                            Type = "txt",
                            Text = m % 2 == 0 ? "Hello, a question about my order" : "Happy to help!",
                            CreatedAt = created.AddMinutes(1 + m),
                        },
                        Ct);
                }

                messages += count;
            }

            seeded[day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)] = (sessions, messages);
        }

        return seeded;
    }

}
