using System.Diagnostics;

namespace KefuHub.LoadTests.Hosting;

/// <summary>A throwaway PostgreSQL server for one run (as Hub.Tests' PostgresServer): <c>initdb</c> into
/// /tmp, a free loopback port, trust authentication; stopped and deleted at the end. Unlike the test
/// fixture's, it keeps fsync on: throughput is measured with the durability a deployment has.</summary>
internal sealed class PostgresInstance : IAsyncDisposable
{
    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string ServerUser = "postgres";

    private readonly string _root = Path.Combine("/tmp", "kefu-load-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _binaries;

    private PostgresInstance(string binaries) => _binaries = binaries;

    public string ConnectionString { get; private set; } = "";

    public static async Task<PostgresInstance> StartAsync(CancellationToken cancellationToken)
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException(
            $"--store postgres needs the PostgreSQL server binaries (initdb, pg_ctl) under {BinariesRoot}/*/bin: `apt-get install postgresql`.");
        var instance = new PostgresInstance(binaries);
        try
        {
            await instance.InitializeAsync(cancellationToken);
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }

        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists(Path.Combine(_root, "data", "base")))
        {
            try
            {
                await RunAsync("pg_ctl", ["stop", "-D", Path.Combine(_root, "data"), "-m", "immediate", "-w"], CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Not running.
            }
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var data = Path.Combine(_root, "data");
        var sockets = Path.Combine(_root, "sockets");
        Directory.CreateDirectory(sockets);
        if (Environment.IsPrivilegedProcess)
        {
            await RunProcessAsync("chown", ["-R", $"{ServerUser}:{ServerUser}", _root], cancellationToken);
        }

        await RunAsync("initdb", ["-D", data, "-U", ServerUser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"], cancellationToken);
        var port = FreePort.Next();
        await RunAsync("pg_ctl", [
            "start", "-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c max_connections=300",
        ], cancellationToken);
        await RunAsync("createdb", ["-h", "127.0.0.1", "-p", $"{port}", "-U", ServerUser, "kefu"], cancellationToken);
        ConnectionString = $"Host=127.0.0.1;Port={port};Username={ServerUser};Database=kefu";
    }

    private static string? FindBinaries() =>
        !Directory.Exists(BinariesRoot)
            ? null
            : Directory.GetDirectories(BinariesRoot)
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1, Bin: Path.Combine(d, "bin")))
                .Where(d => d.Version >= 0 && File.Exists(Path.Combine(d.Bin, "initdb")) && File.Exists(Path.Combine(d.Bin, "pg_ctl")))
                .OrderByDescending(d => d.Version)
                .Select(d => d.Bin)
                .FirstOrDefault();

    /// <summary>Runs a PostgreSQL binary, as the postgres user when we are root (initdb refuses root).</summary>
    private Task RunAsync(string binary, string[] arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binaries, binary);
        return Environment.IsPrivilegedProcess
            ? RunProcessAsync("runuser", ["-u", ServerUser, "--", path, .. arguments], cancellationToken)
            : RunProcessAsync(path, arguments, cancellationToken);
    }

    private static async Task RunProcessAsync(string fileName, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/tmp" };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(2), cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"`{fileName} {string.Join(' ', arguments)}` exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
