using System.Net.Http.Json;
using System.Text.Json;
using KefuHub.Server.Conversations;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Infrastructure;

/// <summary>
/// The real hub (Program) on Kestrel at 127.0.0.1 with an OS-chosen port, its SQLite data in a temp
/// directory (or a PostgreSQL database when given), and helpers to make agents, visitors and connections.
/// </summary>
public sealed class KefuTestServer : IAsyncDisposable
{
    public const int TenantId = 1;
    public const string AdminUsername = "admin@test";
    public const string AdminPassword = "admin-password-1";

    /// <summary>Every test server runs with the operator calls on, so that tests can make real tenants.</summary>
    public const string OperatorKey = "test-operator-key-0123456789abcdef0123";

    private readonly WebApplicationFactory<Program> _factory;
    private readonly string _dataDirectory;
    private readonly HttpClient _http;

    private KefuTestServer(WebApplicationFactory<Program> factory, string dataDirectory, DisconnectProbe disconnects)
    {
        _factory = factory;
        _dataDirectory = dataDirectory;
        Disconnects = disconnects;
        _http = factory.CreateClient();
        Address = _http.BaseAddress!;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _factory.Services;

    public HttpClient Http => _http;

    /// <summary>Tells when the server has handled a connection's disconnect.</summary>
    public DisconnectProbe Disconnects { get; }

    /// <param name="settings">Extra configuration, e.g. <c>Kefu:Hubs:CallsPerSecond</c>.</param>
    /// <param name="dataDirectory">Reuse a directory to restart on the same SQLite data.</param>
    /// <param name="time">The server's clock (a <see cref="FakeTimeProvider"/>); the system clock when null.</param>
    /// <param name="services">Replaces services after the server's own registrations (a failing store, a log recorder).</param>
    public static KefuTestServer Start(IReadOnlyDictionary<string, string?>? settings = null, string? dataDirectory = null, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        dataDirectory ??= Directory.CreateTempSubdirectory("kefu-test-").FullName;
        var disconnects = new DisconnectProbe();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            // A setting given as null leaves the key unset (say, to let the bootstrap generate a secret).
            var all = new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Kefu:DataDirectory"] = dataDirectory,
                ["Kefu:Bootstrap:TenantId"] = TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Kefu:Bootstrap:ClientId"] = "test-client",
                ["Kefu:Bootstrap:SecretId"] = "test-secret",
                ["Kefu:Bootstrap:AdminUsername"] = AdminUsername,
                ["Kefu:Bootstrap:AdminPassword"] = AdminPassword,
                ["Kefu:Operator:Key"] = OperatorKey,
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                all[key] = value;
            }

            foreach (var (key, value) in all.Where(s => s.Value is not null))
            {
                web.UseSetting(key, value);
            }

            web.ConfigureTestServices(replaced =>
            {
                replaced.Configure<HubOptions>(options => options.AddFilter(disconnects));
                if (time is not null)
                {
                    // Registered after the host's TryAddSingleton(TimeProvider.System), so it is the one resolved.
                    replaced.AddSingleton(time);
                }

                services?.Invoke(replaced);
            });
        });
        factory.UseKestrel();
        factory.StartServer();
        return new KefuTestServer(factory, dataDirectory, disconnects);
    }

    public string DataDirectory => _dataDirectory;

    /// <summary>An agent in the store and in routing, logged in: its access token.</summary>
    public async Task<TestAgent> CreateAgentAsync(string username, int maxServiceSessionCount = 2, CancellationToken cancellationToken = default)
    {
        var now = DateTimeOffset.UtcNow;
        var agent = new AgentRecord
        {
            TenantId = TenantId,
            UserId = Guid.NewGuid().ToString(),
            Username = username,
            PasswordHash = SecretHasher.HashSecret("password-" + username),
            Nicename = "Nice " + username,
            Roles = "agent",
            MaxServiceSessionCount = maxServiceSessionCount,
            Enabled = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        Assert.True(await Services.GetRequiredService<IAgentStore>().CreateAgentAsync(agent, cancellationToken));
        Assert.True((await Services.GetRequiredService<TenantRoutingLoader>().ApplyAgentAsync(agent, cancellationToken)).Succeeded);
        var token = await LoginAsync(username, "password-" + username, cancellationToken);
        return new TestAgent(agent.UserId, username, agent.Nicename, token);
    }

    public Task<string> LoginAsync(string username, string password, CancellationToken cancellationToken = default) =>
        LoginInAsync(TenantId, username, password, cancellationToken);

    /// <summary>An agent's login to any tenant: its access token.</summary>
    public async Task<string> LoginInAsync(int tenantId, string username, string password, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync($"/api/tenants/{tenantId}/agents/token", new { username, password }, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return body.RootElement.GetProperty("entity").GetProperty("accessToken").GetString()!;
    }

    /// <summary>A new tenant made as an operator makes one (<c>POST /api/operator/tenants</c>).</summary>
    public async Task<TestTenant> CreateTenantAsync(string name, string adminUsername, string adminPassword, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/operator/tenants") { Content = JsonContent.Create(new { name, adminUsername, adminPassword }) };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", OperatorKey);
        using var response = await _http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, text);
        using var body = JsonDocument.Parse(text);
        var entity = body.RootElement.GetProperty("entity");
        return new TestTenant(entity.GetProperty("tenantId").GetInt32(), entity.GetProperty("clientId").GetString()!, entity.GetProperty("secretId").GetString()!);
    }

    public Task<TestVisitor> CreateVisitorAsync(string? nickname = null, CancellationToken cancellationToken = default) =>
        CreateVisitorInAsync(TenantId, nickname, cancellationToken);

    /// <summary>A visitor of any tenant, signed up as the widget does.</summary>
    public async Task<TestVisitor> CreateVisitorInAsync(int tenantId, string? nickname = null, CancellationToken cancellationToken = default)
    {
        using var response = await _http.PostAsJsonAsync($"/api/tenants/{tenantId}/visitors", new { nickname }, cancellationToken);
        response.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        var entity = body.RootElement.GetProperty("entity");
        return new TestVisitor(entity.GetProperty("visitorId").GetString()!, entity.GetProperty("token").GetString()!);
    }

    /// <summary>Creates a skill queue with these members, in the store and in routing; its id.</summary>
    public async Task<int> CreateQueueAsync(string name, IReadOnlyList<TestAgent> members, CancellationToken cancellationToken = default)
    {
        var queue = await Services.GetRequiredService<IQueueStore>().CreateQueueAsync(TenantId, name, members.Select(m => m.UserId).ToList(), cancellationToken);
        await Services.GetRequiredService<KefuHub.Routing.RoutingEngine>().SetQueueAsync(TenantId, queue.QueueId, queue.AgentUserIds, cancellationToken);
        return queue.QueueId;
    }

    /// <summary>Saves the tenant's settings and time plan and applies them to routing.</summary>
    public async Task ConfigureAsync(TenantSettings settings, TimePlanDocument? timePlan = null, CancellationToken cancellationToken = default)
    {
        var tenants = Services.GetRequiredService<ITenantStore>();
        await tenants.SaveSettingsAsync(TenantId, settings, cancellationToken);
        await tenants.SaveTimePlanAsync(TenantId, timePlan, cancellationToken);
        Services.GetRequiredService<TenantSettingsCache>().Invalidate(TenantId);
        await Services.GetRequiredService<TenantRoutingLoader>().ApplySettingsAsync(TenantId, cancellationToken);
    }

    /// <param name="messagePack">Speak the "messagepack" hub protocol instead of JSON.</param>
    public HubConnection VisitorConnection(string? token, bool messagePack = false) => Connection("hubs/visitor", token, messagePack);

    /// <param name="messagePack">Speak the "messagepack" hub protocol instead of JSON.</param>
    public HubConnection AgentConnection(string? token, bool messagePack = false) => Connection("hubs/agent", token, messagePack);

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _factory.DisposeAsync();
    }

    /// <summary>Deletes the data directory too; use <see cref="DisposeAsync"/> alone to restart on the same data.</summary>
    public async ValueTask DisposeAndDeleteAsync()
    {
        await DisposeAsync();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private HubConnection Connection(string path, string? token, bool messagePack)
    {
        // The official client over its WebSocket transport (negotiate first), the token as Authorization: Bearer.
        var builder = new HubConnectionBuilder().WithUrl(new Uri(Address, path), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.AccessTokenProvider = () => Task.FromResult(token);
        });
        return (messagePack ? builder.AddKefuMessagePackProtocol() : builder).Build();
    }
}
