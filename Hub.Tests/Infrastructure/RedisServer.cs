using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using KefuHub.Tests.Infrastructure;
using StackExchange.Redis;

[assembly: AssemblyFixture(typeof(RedisServer))]

namespace KefuHub.Tests.Infrastructure;

/// <summary>
/// A throwaway <c>redis-server</c> for the test run: a free loopback port, its files in a directory under
/// /tmp, killed and deleted at the end. It starts on first use, so runs without Redis tests never start
/// it. A missing binary fails those tests (never skips them): CI installs the <c>redis-server</c> package.
/// Tests share the server and keep apart by key prefix (<see cref="NewPrefix"/>), never by flushing.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string Binary = "/usr/bin/redis-server";

    private readonly string _root = Path.Combine("/tmp", "kefu-redis-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Process? _process;
    private ConnectionMultiplexer? _connection;
    private int _port;
    private int _lastPrefix;

    /// <summary>The server's address as a StackExchange.Redis configuration string; starts it if need be.</summary>
    public async Task<string> GetConfigurationAsync(CancellationToken cancellationToken)
    {
        await EnsureStartedAsync(cancellationToken);
        return Configuration;
    }

    /// <summary>One multiplexer over the server for tests that talk to it directly.</summary>
    public async Task<ConnectionMultiplexer> GetConnectionAsync(CancellationToken cancellationToken)
    {
        await EnsureStartedAsync(cancellationToken);
        return _connection!;
    }

    /// <summary>A key prefix no other test uses.</summary>
    public string NewPrefix() => $"test{Interlocked.Increment(ref _lastPrefix)}-{Environment.ProcessId}";

    private string Configuration => $"127.0.0.1:{_port},abortConnect=false,connectTimeout=5000";

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        Kill();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        _gate.Dispose();
    }

    private async Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        if (_connection is not null)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is not null)
            {
                return;
            }

            if (!File.Exists(Binary))
            {
                throw new InvalidOperationException(
                    $"{Binary} was not found. Install it with `apt-get install redis-server` (.ci/test.sh does).");
            }

            Directory.CreateDirectory(_root);
            _port = FreeLoopbackPort();
            StartProcess();
            _connection = await ConnectAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void StartProcess()
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root,
        };
        foreach (var argument in (string[])[
            "--port", _port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", _root, "--save", "", "--appendonly", "no", "--daemonize", "no",
            "--maxmemory-policy", "noeviction", "--logfile", Path.Combine(_root, "redis.log")])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Binary}.");
        _ = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        _ = _process.StandardError.ReadToEndAsync(CancellationToken.None);
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process!.HasExited)
            {
                var log = Path.Combine(_root, "redis.log");
                throw new InvalidOperationException(
                    $"redis-server exited with {_process.ExitCode}." + (File.Exists(log) ? "\n" + await File.ReadAllTextAsync(log, cancellationToken) : ""));
            }

            try
            {
                var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{_port},abortConnect=true,connectTimeout=1000");
                await connection.GetDatabase().PingAsync();
                return connection;
            }
            catch (RedisConnectionException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                // Not listening yet: the process was started a moment ago.
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    /// <summary>SIGKILLs the server, as a crash would (for a test that owns its own instance).</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>
    /// Starts a killed server again on the same port, empty (no AOF, no snapshot), as after a crash without
    /// persistence; clients' multiplexers reconnect by themselves.
    /// </summary>
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        Kill();
        StartProcess();
        await using var probe = await ConnectAsync(cancellationToken);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
