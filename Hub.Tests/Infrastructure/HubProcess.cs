using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Infrastructure;

/// <summary>
/// A hub node as its own OS process (<c>dotnet KefuHub.Server.dll</c>) on a loopback port, so that a
/// test can SIGKILL it: nothing of it runs its shutdown, as when a machine dies.
/// </summary>
public sealed class HubProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly string _dataDirectory;

    private HubProcess(Process process, Uri address, string dataDirectory)
    {
        _process = process;
        _dataDirectory = dataDirectory;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <summary>Starts a node with the test server's bootstrap tenant and these settings (configuration keys).</summary>
    public static async Task<HubProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var data = Directory.CreateTempSubdirectory("kefu-node-").FullName;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = data };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KefuHub.Server.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(address.ToString().TrimEnd('/'));
        var environment = start.Environment;
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["Logging__LogLevel__Default"] = "Warning";
        environment["Kefu__DataDirectory"] = data;
        environment["Kefu__Bootstrap__TenantId"] = $"{KefuTestServer.TenantId}";
        environment["Kefu__Bootstrap__ClientId"] = "test-client";
        environment["Kefu__Bootstrap__SecretId"] = "test-secret";
        environment["Kefu__Bootstrap__AdminUsername"] = KefuTestServer.AdminUsername;
        environment["Kefu__Bootstrap__AdminPassword"] = KefuTestServer.AdminPassword;
        foreach (var (key, value) in settings)
        {
            environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var node = new HubProcess(Process.Start(start)!, address, data);
        try
        {
            await node.WaitUntilReadyAsync(cancellationToken);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }

        return node;
    }

    /// <summary>SIGKILL: no shutdown, no disconnect handling, no goodbye to Redis.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    /// <summary>The tenant's REST token (client credentials).</summary>
    public async Task<string> ApiTokenAsync(CancellationToken cancellationToken) =>
        (await PostAsync($"/api/tenant/{KefuTestServer.TenantId}/accessToken", null, new { clientId = "test-client", secretId = "test-secret" }, cancellationToken)).GetProperty("accessToken").GetString()!;

    /// <summary>POSTs JSON (with <c>Kefu-Token</c> if given) and answers the <c>entity</c> of the reply.</summary>
    public async Task<JsonElement> PostAsync(string path, string? token, object body, CancellationToken cancellationToken) =>
        await SendAsync(HttpMethod.Post, path, token, body, cancellationToken);

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, string? token, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Add("Kefu-Token", token);
        }

        using var response = await Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.TryGetProperty("entity", out var entity) ? entity.Clone() : document.RootElement.Clone();
    }

    public async Task<TestVisitor> CreateVisitorAsync(string nickname, CancellationToken cancellationToken)
    {
        var entity = await PostAsync($"/api/tenants/{KefuTestServer.TenantId}/visitors", null, new { nickname }, cancellationToken);
        return new TestVisitor(entity.GetProperty("visitorId").GetString()!, entity.GetProperty("token").GetString()!);
    }

    /// <summary>
    /// An agent made through the REST API with the tenant's token (<see cref="ApiTokenAsync"/>), password
    /// <c>password-</c> + username as <see cref="KefuTestServer.CreateAgentAsync"/>, logged in on this node.
    /// </summary>
    public async Task<TestAgent> CreateAgentAsync(string apiToken, string username, int maxServiceSessionCount, CancellationToken cancellationToken)
    {
        var password = "password-" + username;
        var nicename = "Nice " + username;
        var created = await PostAsync($"/api/tenants/{KefuTestServer.TenantId}/agent", apiToken, new { nicename, username, password, roleId = 2, maxServiceSessionCount }, cancellationToken);
        var token = await LoginAgentAsync(username, password, cancellationToken);
        return new TestAgent(created.TryGetProperty("userId", out var id) ? id.GetString()! : "", username, nicename, token);
    }

    public async Task<string> LoginAgentAsync(string username, string password, CancellationToken cancellationToken) =>
        (await PostAsync($"/api/tenants/{KefuTestServer.TenantId}/agents/token", null, new { username, password }, cancellationToken)).GetProperty("accessToken").GetString()!;

    public HubConnection Connection(string path, string token) =>
        new HubConnectionBuilder().WithUrl(new Uri(Address, path), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.AccessTokenProvider = () => Task.FromResult<string?>(token);
        }).Build();

    public string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        Http.Dispose();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left in /tmp; harmless.
        }

        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The node exited with {_process.ExitCode}:\n{Output()}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            // A process we do not control: its health endpoint is the only signal.
            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"The node was not ready within {ReadyTimeout.TotalSeconds} s:\n{Output()}");
    }

    private void Remember(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
