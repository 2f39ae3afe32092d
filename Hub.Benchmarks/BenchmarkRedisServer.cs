using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace KefuHub.Benchmarks;

/// <summary>
/// A throwaway <c>redis-server</c> for one benchmark process, started as Hub.Tests' RedisServer starts its
/// own: a free loopback port, no persistence, its files in a directory under /tmp, killed and deleted on
/// dispose. A missing binary fails the benchmark: install the <c>redis-server</c> package.
/// </summary>
internal sealed class BenchmarkRedisServer : IDisposable
{
    private const string Binary = "/usr/bin/redis-server";

    private readonly string _root = Path.Combine("/tmp", "kefu-bench-redis-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly Process _process;

    private BenchmarkRedisServer()
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"{Binary} was not found. Install it with `apt-get install redis-server`.");
        }

        Directory.CreateDirectory(_root);
        Port = FreeLoopbackPort();
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root,
        };
        foreach (var argument in (string[])[
            "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", _root, "--save", "", "--appendonly", "no", "--daemonize", "no",
            "--maxmemory-policy", "noeviction", "--logfile", Path.Combine(_root, "redis.log")])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Binary}.");
        _ = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        _ = _process.StandardError.ReadToEndAsync(CancellationToken.None);
    }

    /// <summary>The loopback port the server listens on.</summary>
    public int Port { get; }

    /// <summary>Starts a server and waits until it answers a PING (at most 20 s).</summary>
    public static BenchmarkRedisServer Start()
    {
        var server = new BenchmarkRedisServer();
        try
        {
            server.WaitUntilListening();
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private void WaitUntilListening()
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                var log = Path.Combine(_root, "redis.log");
                throw new InvalidOperationException(
                    $"redis-server exited with {_process.ExitCode}." + (File.Exists(log) ? "\n" + File.ReadAllText(log) : ""));
            }

            try
            {
                using var probe = ConnectionMultiplexer.Connect($"127.0.0.1:{Port},abortConnect=true,connectTimeout=1000");
                probe.GetDatabase().Ping();
                return;
            }
            catch (RedisConnectionException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                // Not listening yet: the process was started a moment ago.
                Thread.Sleep(50);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
