using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KefuHub.Tests.Infrastructure;
using Npgsql;

[assembly: AssemblyFixture(typeof(PostgresServer))]

namespace KefuHub.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for the test run: <c>initdb</c> into a directory under /tmp, listening
/// on a free loopback port with trust authentication, stopped and deleted at the end. It starts on the
/// first <see cref="CreateDatabaseAsync"/>, so runs without PostgreSQL tests never start it.
/// Missing binaries fail those tests: CI installs the <c>postgresql</c> package.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string BinariesRoot = "/usr/lib/postgresql";
    private const string ServerUser = "postgres";

    private readonly Lazy<Task<string>> _started;
    private readonly string _root = Path.Combine("/tmp", "kefu-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private string? _binaries;
    private int _lastDatabase;

    public PostgresServer() => _started = new(StartAsync);

    /// <summary>A new, empty database of its own, as a connection string (user <c>postgres</c>, no password).</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var admin = await _started.Value.WaitAsync(cancellationToken);
        var name = $"kefu_test_{Interlocked.Increment(ref _lastDatabase)}";
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync(cancellationToken);
        // A name of ours, not input: identifiers cannot be parameters.
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_started.IsValueCreated && _binaries is not null && Directory.Exists(Path.Combine(_root, "data")))
        {
            NpgsqlConnection.ClearAllPools();
            await RunAsync("pg_ctl", ["stop", "-D", Path.Combine(_root, "data"), "-m", "immediate", "-w"]);
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task<string> StartAsync()
    {
        _binaries = FindBinaries() ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, pg_ctl) were not found under {BinariesRoot}/*/bin. " +
            "Install them with `apt-get install postgresql` (.ci/test.sh does).");
        var data = Path.Combine(_root, "data");
        var sockets = Path.Combine(_root, "sockets");
        Directory.CreateDirectory(sockets);
        if (Environment.IsPrivilegedProcess)
        {
            await RunProcessAsync("chown", ["-R", $"{ServerUser}:{ServerUser}", _root]);
        }

        await RunAsync("initdb", ["-D", data, "-U", ServerUser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
        var port = FreeLoopbackPort();
        await RunAsync("pg_ctl", [
            "start", "-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200",
        ]);
        return new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = ServerUser, Database = "postgres" }.ToString();
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

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a PostgreSQL binary, as the postgres user when we are root (initdb refuses root).</summary>
    private Task RunAsync(string binary, string[] arguments)
    {
        var path = Path.Combine(_binaries!, binary);
        return Environment.IsPrivilegedProcess
            ? RunProcessAsync("runuser", ["-u", ServerUser, "--", path, .. arguments])
            : RunProcessAsync(path, arguments);
    }

    private async Task RunProcessAsync(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/tmp",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (process.ExitCode != 0)
        {
            var log = Path.Combine(_root, "server.log");
            throw new InvalidOperationException(
                $"`{fileName} {string.Join(' ', arguments)}` exited with {process.ExitCode}:\n{await output}\n{await error}" +
                (File.Exists(log) ? $"\nserver.log:\n{await File.ReadAllTextAsync(log)}" : ""));
        }
    }
}
