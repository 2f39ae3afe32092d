using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using KefuHub.Server.Conversations;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Server.Hubs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace KefuHub.Tests.Widget;

/// <summary>
/// A hub on a fixed loopback port (so a restarted hub is found again), a host page on another
/// port, Chromium contexts on that page, and agents through the hub with the .NET SignalR client.
/// </summary>
public abstract class WidgetBrowserTestBase(Chromium chromium) : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly List<HubConnection> _connections = [];
    private readonly List<IBrowserContext> _contexts = [];
    private readonly List<string> _pageErrors = [];

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected KefuTestServer Server { get; private set; } = null!;

    protected HostPage Host { get; private set; } = null!;

    protected int Port { get; private set; }

    protected string DataDirectory { get; } = Directory.CreateTempSubdirectory("kefu-widget-").FullName;

    /// <summary>Where the tests leave their screenshots (the best are copied into docs/images).</summary>
    protected static string ScreenshotDirectory { get; } = Directory.CreateDirectory(
        Environment.GetEnvironmentVariable("KEFU_SCREENSHOTS") ?? Path.Combine(AppContext.BaseDirectory, "widget-screenshots")).FullName;

    public static (int Width, int Height) Desktop => (1280, 800);

    public static (int Width, int Height) Mobile => (390, 844);

    public virtual async ValueTask InitializeAsync()
    {
        Port = FreePort();
        Server = StartServer();
        Host = await HostPage.StartAsync(Ct);
    }

    public virtual async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        await Host.DisposeAsync();
        await Server.DisposeAsync();
        Directory.Delete(DataDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected KefuTestServer StartServer() => KefuTestServer.Start(
        new Dictionary<string, string?> { ["urls"] = $"http://127.0.0.1:{Port}" },
        DataDirectory);

    protected async Task RestartServerAsync(Func<Task>? whileDown = null)
    {
        await Server.DisposeAsync();
        if (whileDown is not null)
        {
            await whileDown();
        }

        Server = StartServer();
    }

    /// <summary>A new browser profile (its own localStorage) on a page of the host site; JS errors and dialogs fail the test.</summary>
    protected async Task<IPage> OpenPageAsync(string url, (int Width, int Height)? viewport = null, string? initScript = null)
    {
        var page = await NewPageAsync(url, viewport, initScript);
        await Assertions.Expect(Launcher(page)).ToBeAttachedAsync(new() { Timeout = 10_000 });
        return page;
    }

    /// <summary>
    /// A new browser profile on any page; JS errors, dialogs and Content-Security-Policy violations fail
    /// the test (<see cref="AssertNoPageErrors"/>).
    /// </summary>
    protected async Task<IPage> NewPageAsync(string url, (int Width, int Height)? viewport = null, string? initScript = null)
    {
        var size = viewport ?? Desktop;
        var context = await chromium.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = size.Width, Height = size.Height },
            Locale = "en-US",
            DeviceScaleFactor = size.Width < 480 ? 2 : 1,
            IsMobile = size.Width < 480,
            HasTouch = size.Width < 480,
        });
        _contexts.Add(context);
        // Fast reconnects in tests (the widget's default is SignalR's 0, 2, 10, 30 s); an XSS trap.
        await context.AddInitScriptAsync("window.__kefuRetryDelays = [0, 300, 600, 1000]; window.__xss = [];" + (initScript ?? string.Empty));
        var page = await context.NewPageAsync();
        Watch(page);
        await page.GotoAsync(url);
        return page;
    }

    /// <summary>JS errors, dialogs and CSP violations of this page fail the test.</summary>
    protected void Watch(IPage page)
    {
        page.PageError += (_, error) => _pageErrors.Add(error);
        page.Dialog += async (_, dialog) =>
        {
            _pageErrors.Add("dialog: " + dialog.Message);
            await dialog.DismissAsync();
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                _pageErrors.Add("CSP: " + message.Text);
            }
        };
    }

    protected void AssertNoPageErrors() => Assert.True(_pageErrors.Count == 0, "Page errors: " + string.Join(" | ", _pageErrors));

    protected static ILocator Launcher(IPage page) => page.Locator("[data-kefu=launcher]");

    protected static ILocator Hook(IPage page, string name) => page.Locator($"[data-kefu={name}]");

    protected static ILocator Messages(IPage page) => page.Locator("[data-kefu=message]");

    protected static async Task SendFromWidgetAsync(IPage page, string text)
    {
        await Hook(page, "input").FillAsync(text);
        await Hook(page, "send").ClickAsync();
    }

    protected static async Task ScreenshotAsync(IPage page, string name)
    {
        // Let animations settle (the panel's fade-in is 0.2 s).
        await page.WaitForTimeoutAsync(350);
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotDirectory, name + ".png") });
    }

    protected async Task<AgentClient> OnlineAgentAsync(string username, int max = 2, string? nicename = null)
    {
        var agent = await CreateAgentAsync(username, max, nicename);
        var client = await ConnectAgentAsync(agent);
        await client.Connection.InvokeAsync("SetState", new SetStateRequest("Online"), Ct);
        return client;
    }

    protected async Task<AgentClient> ConnectAgentAsync(TestAgent agent)
    {
        var connection = Server.AgentConnection(agent.Token);
        _connections.Add(connection);
        var client = new AgentClient(agent, connection);
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        return client;
    }

    /// <summary>A visitor through the hub with the .NET SignalR client (disposed with the test).</summary>
    protected async Task<VisitorClient> ConnectVisitorAsync(string? nickname = null)
    {
        var visitor = await Server.CreateVisitorAsync(nickname, Ct);
        var connection = Server.VisitorConnection(visitor.Token);
        _connections.Add(connection);
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        return new VisitorClient(visitor, connection);
    }

    /// <summary>An agent with the nickname and roles given (KefuTestServer's helper names it after the username).</summary>
    protected async Task<TestAgent> CreateAgentAsync(string username, int max, string? nicename, string roles = "agent")
    {
        if (nicename is null && roles == "agent")
        {
            return await Server.CreateAgentAsync(username, max, Ct);
        }

        nicename ??= "Nice " + username;

        var now = DateTimeOffset.UtcNow;
        var record = new AgentRecord
        {
            TenantId = KefuTestServer.TenantId,
            UserId = Guid.NewGuid().ToString(),
            Username = username,
            PasswordHash = SecretHasher.HashSecret("password-" + username),
            Nicename = nicename,
            Roles = roles,
            MaxServiceSessionCount = max,
            Enabled = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Assert.True(await Server.Services.GetRequiredService<IAgentStore>().CreateAgentAsync(record, Ct));
        Assert.True((await Server.Services.GetRequiredService<TenantRoutingLoader>().ApplyAgentAsync(record, Ct)).Succeeded);
        return new TestAgent(record.UserId, username, nicename, await Server.LoginAsync(username, "password-" + username, Ct));
    }

    protected static Task<SendMessageResult> AgentSendAsync(AgentClient agent, string sessionId, string type, string? text, string? url = null, object? ext = null) =>
        agent.Connection.InvokeAsync<SendMessageResult>(
            "SendMessage",
            new SendMessageRequest(sessionId, Guid.NewGuid().ToString(), type, text, url, ext is null ? null : JsonSerializer.SerializeToElement(ext)),
            Ct);

    /// <summary>The session's stored messages, read through REST with the session agent's token.</summary>
    protected async Task<List<(long Seq, string From, string? Text)>> StoredMessagesAsync(string sessionId, AgentClient agent)
    {
        var token = agent.Agent.Token;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/tenants/1/sessions/{sessionId}/messages?afterSeq=0&size=500");
        request.Headers.Add("Kefu-Token", token);
        using var response = await Server.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        return [.. body.RootElement.GetProperty("entities").EnumerateArray().Select(m => (m.GetProperty("seq").GetInt64(), m.GetProperty("from").GetString()!, m.GetProperty("text").GetString()))];
    }

    /// <summary>A PNG drawn by the browser (a product photo stand-in) for upload tests.</summary>
    protected static async Task<byte[]> DrawPngAsync(IPage page)
    {
        var dataUrl = await page.EvaluateAsync<string>("""
            () => {
              const c = document.createElement('canvas'); c.width = 480; c.height = 320;
              const g = c.getContext('2d');
              const grad = g.createLinearGradient(0, 0, 480, 320); grad.addColorStop(0, '#fde68a'); grad.addColorStop(1, '#f97316');
              g.fillStyle = grad; g.fillRect(0, 0, 480, 320);
              g.fillStyle = '#ffffff'; g.beginPath(); g.arc(240, 170, 90, 0, Math.PI * 2); g.fill();
              g.fillStyle = '#7c2d12'; g.font = 'bold 40px sans-serif'; g.textAlign = 'center'; g.fillText('ACME', 240, 184);
              return c.toDataURL('image/png');
            }
            """);
        return Convert.FromBase64String(dataUrl[(dataUrl.IndexOf(',', StringComparison.Ordinal) + 1)..]);
    }

    /// <summary>axe-core on the elements matched by <paramref name="include"/>: no serious or critical violation.</summary>
    protected static async Task AssertAccessibleAsync(IPage page, string include = "kefu-widget")
    {
        // Evaluated rather than added as a script tag, which the hub's own pages refuse (their CSP allows no inline script).
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "Hub.Widget", "node_modules", "axe-core", "axe.min.js"), Ct));
        }

        var result = await page.EvaluateAsync<JsonElement>("""
            async (include) => {
              const r = await axe.run({ include: [[include]] }, { resultTypes: ['violations'] });
              return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(v => v.id + ': ' + v.help + ' @ ' + v.nodes.map(n => n.target.join(' ')).join(', '));
            }
            """, include);
        var violations = result.EnumerateArray().Select(v => v.GetString()).ToList();
        Assert.True(violations.Count == 0, "axe-core: " + string.Join(" | ", violations));
    }

    protected static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "KefuHub.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("KefuHub.sln not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
