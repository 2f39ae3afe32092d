using System.Diagnostics;

namespace KefuHub.Tests.Ci;

/// <summary><c>.ci/check-node.sh</c>, which the test script runs before <c>npm ci</c>: it names what is missing.</summary>
public sealed class CheckNodeScriptTests : IDisposable
{
    private readonly DirectoryInfo _bin = Directory.CreateTempSubdirectory("kefu-path-");

    [Fact]
    public async Task WithoutNode_SaysNodeIsNotOnThePath()
    {
        var (exit, error) = await RunAsync();

        Assert.Equal(1, exit);
        Assert.Contains("Node.js 20 or later is needed", error, StringComparison.Ordinal);
        Assert.Contains("'node' is not on PATH", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithDebiansNode18_SaysWhichVersionItFound()
    {
        Fake("node", "echo v18.19.0");
        Fake("npm", "echo 9.2.0");

        var (exit, error) = await RunAsync();

        Assert.Equal(1, exit);
        Assert.Contains("'node --version' says 'v18.19.0'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNode20ButNoNpm_SaysNpmIsMissing()
    {
        Fake("node", "echo v20.18.1");

        var (exit, error) = await RunAsync();

        Assert.Equal(1, exit);
        Assert.Contains("npm is needed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNode20AndNpm_Passes()
    {
        Fake("node", "echo v20.18.1");
        Fake("npm", "echo 10.8.2");

        var (exit, error) = await RunAsync();

        Assert.True(exit == 0, error);
    }

    public void Dispose() => _bin.Delete(recursive: true);

    private void Fake(string name, string body)
    {
        var path = Path.Combine(_bin.FullName, name);
        File.WriteAllText(path, "#!/bin/bash\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Runs the script with only the fakes on PATH (it needs nothing else: bash builtins do the rest).</summary>
    private async Task<(int ExitCode, string Error)> RunAsync()
    {
        var script = FindScript();
        var start = new ProcessStartInfo("/bin/bash", [script]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.Environment["PATH"] = _bin.FullName;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return (process.ExitCode, await error);
    }

    private static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".ci", "check-node.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("No .ci/check-node.sh above " + AppContext.BaseDirectory);
    }
}
