using System.Diagnostics;

namespace KefuHub.LoadTests.Hosting;

/// <summary>The echo baselines' server as a child process (this program's <c>echo-server</c>
/// command), so that it sits across loopback from the load generator exactly as the hub does.</summary>
internal sealed class EchoServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private EchoServerProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int ProcessId => _process.Id;

    public static async Task<EchoServerProcess> StartAsync(CancellationToken cancellationToken)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(typeof(EchoServerProcess).Assembly.Location);
        start.ArgumentList.Add("echo-server");
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString().TrimEnd('/'));
        var process = ChildProcesses.Start(start);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new EchoServerProcess(process, url);
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, cancellationToken);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException("The echo server did not start within 30 s.");
    }

    public ValueTask DisposeAsync()
    {
        ChildProcesses.Kill(_process);
        return ValueTask.CompletedTask;
    }
}
