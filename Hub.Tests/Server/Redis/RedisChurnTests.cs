using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Redis;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace KefuHub.Tests.Server.Redis;

/// <summary>Connections come and go by the thousand: what they leave in Redis (channels, keys) must go with them.</summary>
public sealed class RedisChurnTests(RedisServer redis, PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    private KefuTestServer? _node;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAndDeleteAsync();
        }
    }

    [Fact]
    public async Task AfterVisitorsConnectStartSessionsAndLeave_ChannelsAndKeysAreBackToTheirBaseline()
    {
        var prefix = redis.NewPrefix();
        _node = KefuTestServer.Start(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct),
            ["ConnectionStrings:Redis"] = await redis.GetConfigurationAsync(Ct),
            ["Redis:KeyPrefix"] = prefix,
        });
        var server = (await redis.GetConnectionAsync(Ct)).GetServers()[0];
        await ChurnAsync(_node, 5);
        var channels = await ChannelsAsync(server, prefix);
        var keys = Keys(server, prefix);

        await ChurnAsync(_node, 60);

        var deadline = DateTime.UtcNow + Timeout;
        while (!(await ChannelsAsync(server, prefix)).All(channels.Contains) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct); // the backplane unsubscribes after the hub's disconnect handling
        }

        var presence = (RedisKey)$"{prefix}:node:{_node.Services.GetRequiredService<RedisNodePresence>().NodeId}:connections";
        var db = (await redis.GetConnectionAsync(Ct)).GetDatabase();
        while (await db.HashLengthAsync(presence) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        Assert.Equal(0, await db.HashLengthAsync(presence));
        while (!Keys(server, prefix).All(keys.Contains) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct); // a line's queue positions go with its last waiting session, at the publisher's next tick
        }

        // Nothing new stays: the baseline may itself have held a connection just leaving.
        Assert.Subset(channels.ToHashSet(), (await ChannelsAsync(server, prefix)).ToHashSet());
        Assert.Subset(keys.ToHashSet(), Keys(server, prefix).ToHashSet());
    }

    /// <summary>Visitors that connect, start a session (it waits: nobody is online), end it and disconnect.</summary>
    private static async Task ChurnAsync(KefuTestServer node, int visitors)
    {
        await Parallel.ForAsync(0, visitors, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (i, ct) =>
        {
            var visitor = await node.CreateVisitorAsync($"churn {i}", ct);
            await using var connection = node.VisitorConnection(visitor.Token);
            await connection.StartAsync(ct).WaitAsync(Timeout, ct);
            var started = await connection.InvokeAsync<StartSessionResult>("StartSession", new StartSessionRequest(), ct);
            await connection.InvokeAsync("EndSession", new SessionRequest(started.ServiceSessionId!), ct);
        });
    }

    private static async Task<List<string>> ChannelsAsync(IServer server, string prefix) =>
        (await server.SubscriptionChannelsAsync(RedisChannel.Pattern($"{prefix}*"))).Select(c => c.ToString()).Order(StringComparer.Ordinal).ToList();

    /// <summary>The deployment's key names (a tenant's log is one stream key, whatever its length).</summary>
    private static List<string> Keys(IServer server, string prefix) =>
        server.Keys(pattern: $"{prefix}*").Select(k => k.ToString()).Order(StringComparer.Ordinal).ToList();
}
