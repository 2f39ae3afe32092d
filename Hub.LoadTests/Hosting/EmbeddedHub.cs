using System.Diagnostics;
using System.Reflection;

namespace KefuHub.LoadTests.Hosting;

/// <summary>The hub run as a child process on a free loopback port (<c>dotnet KefuHub.Server.dll</c>),
/// with a temp data directory and bootstrap credentials of our own; killed and deleted on dispose.</summary>
internal sealed class EmbeddedHub : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataDirectory;
    private readonly Queue<string> _output = new();

    private EmbeddedHub(Process process, Uri url, string dataDirectory)
    {
        _process = process;
        Url = url;
        _dataDirectory = dataDirectory;
        process.OutputDataReceived += (_, e) => Remember(e.Data);
        process.ErrorDataReceived += (_, e) => Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    /// <summary>The server's dll: <c>--server-dll</c>, else the one built beside this project.</summary>
    public static string DefaultServerDll() =>
        typeof(EmbeddedHub).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "KefuHubServerDll").Value!;

    /// <param name="redis">With it, the node is one of several over this Redis (routing state and backplane).</param>
    public static async Task<EmbeddedHub> StartAsync(string serverDll, HubCredentials credentials, string? postgres, string? redis, CancellationToken cancellationToken)
    {
        if (!File.Exists(serverDll))
        {
            throw new FileNotFoundException($"The hub's dll is not at {serverDll}: build Hub.Server (`dotnet build -c Release`) or pass --server-dll.", serverDll);
        }

        var port = FreePort.Next();
        var url = new Uri($"http://127.0.0.1:{port}");
        var data = Path.Combine(Path.GetTempPath(), "kefu-load-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(data);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = data,
        };
        start.ArgumentList.Add(serverDll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));
        var environment = start.Environment;
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        environment["Logging__LogLevel__Default"] = "Warning";
        environment["Kefu__DataDirectory"] = data;
        environment["Kefu__Bootstrap__TenantId"] = credentials.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Kefu__Bootstrap__ClientId"] = credentials.ClientId;
        environment["Kefu__Bootstrap__SecretId"] = credentials.SecretId;
        environment["Kefu__Bootstrap__AdminUsername"] = "load-admin";
        environment["Kefu__Bootstrap__AdminPassword"] = credentials.SecretId;
        // All load comes from one address: lift the per-address sign-up and login limits, and the
        // per-connection call limit, so that a few agents can carry many sessions' replies.
        environment["Kefu__Api__VisitorSignUpsPerMinute"] = "1000000";
        environment["Kefu__Api__AgentLoginsPerMinute"] = "1000000";
        environment["Kefu__Hubs__CallsPerSecond"] = "100000";
        environment["Kefu__Hubs__CallBurst"] = "100000";
        if (postgres is not null)
        {
            environment["ConnectionStrings__Postgres"] = postgres;
        }

        if (redis is not null)
        {
            environment["ConnectionStrings__Redis"] = redis;
        }

        var hub = new EmbeddedHub(ChildProcesses.Start(start), url, data);
        try
        {
            await hub.WaitUntilReadyAsync(cancellationToken);
        }
        catch
        {
            await hub.DisposeAsync();
            throw;
        }

        return hub;
    }

    public ValueTask DisposeAsync()
    {
        ChildProcesses.Kill(_process);
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

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (60 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The embedded hub exited with {_process.ExitCode}:\n{Output()}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Slow to answer while it starts.
            }

            // Polling a process we do not control; its log is the only other signal.
            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"The embedded hub was not ready within 60 s:\n{Output()}");
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > 200)
            {
                _output.Dequeue();
            }
        }
    }

    public string Output()
    {
        lock (_output)
        {
            return string.Join('\n', _output);
        }
    }
}
