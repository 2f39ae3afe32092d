using System.Diagnostics;
using System.Globalization;
using StackExchange.Redis;

namespace KefuHub.LoadTests.Hosting;

/// <summary>A throwaway <c>redis-server</c> for a run of several hub nodes: a free loopback port, no
/// persistence, files under /tmp; killed and deleted at the end. Also answers what the hub left in it
/// (<see cref="CountAsync"/>), for scenarios that check Redis is back to its baseline.</summary>
internal sealed class RedisInstance : IAsyncDisposable
{
    private const string Binary = "/usr/bin/redis-server";

    private readonly string _root = Path.Combine("/tmp", "kefu-load-redis-" + Guid.NewGuid().ToString("N")[..12]);
    private Process? _process;
    private ConnectionMultiplexer? _connection;

    public string ConnectionString { get; private set; } = "";

    public static async Task<RedisInstance> StartAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Binary))
        {
            throw new InvalidOperationException($"--nodes 2 or more needs {Binary}: `apt-get install redis-server`.");
        }

        var instance = new RedisInstance();
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

    /// <summary>Keys in the database and channels with a subscriber: what connections and sessions leave behind.</summary>
    public async Task<(long Keys, int Channels)> CountAsync()
    {
        var server = _connection!.GetServers()[0];
        var keys = await server.DatabaseSizeAsync();
        var channels = await server.SubscriptionChannelsAsync(RedisChannel.Pattern("*"));
        return (keys, channels.Length);
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_process is not null)
        {
            ChildProcesses.Kill(_process);
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_root);
        var port = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        foreach (var argument in (string[])[
            "--port", port, "--bind", "127.0.0.1", "--dir", _root, "--save", "", "--appendonly", "no",
            "--daemonize", "no", "--maxmemory-policy", "noeviction", "--logfile", Path.Combine(_root, "redis.log")])
        {
            start.ArgumentList.Add(argument);
        }

        _process = ChildProcesses.Start(start);
        _ = _process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        _ = _process.StandardError.ReadToEndAsync(CancellationToken.None);
        ConnectionString = $"127.0.0.1:{port}";
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode}; see {_root}/redis.log.");
            }

            try
            {
                _connection = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},abortConnect=true,connectTimeout=1000,allowAdmin=true");
                return;
            }
            catch (RedisConnectionException) when (waited.Elapsed < TimeSpan.FromSeconds(20))
            {
                // Started a moment ago: not listening yet.
                await Task.Delay(50, cancellationToken);
            }
        }
    }
}
