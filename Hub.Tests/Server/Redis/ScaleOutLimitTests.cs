using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using StackExchange.Redis;

namespace KefuHub.Tests.Server.Redis;

/// <summary>
/// Rate limits and connection maximums with two nodes over one redis-server: a caller or an address
/// spread over the nodes gets the allowance of one, not of two.
/// </summary>
public sealed class ScaleOutLimitTests(RedisServer redis, PostgresServer postgres) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly TestNodes _nodes = new();
    private string _prefix = "";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _nodes.DisposeAsync();
    }

    [Fact]
    public async Task LoginLimitPerAddress_CountsTheAttemptsOnBothNodesTogether()
    {
        var (a, b) = await StartTwoAsync(new() { ["Kefu:Api:AgentLoginsPerMinute"] = "4" });

        // Wrong passwords, as a guesser sends them, alternating nodes: four in all are allowed.
        foreach (var node in new[] { a, b, a, b })
        {
            using var allowed = await LoginAsync(node);
            Assert.Equal(HttpStatusCode.Unauthorized, allowed.StatusCode);
        }

        foreach (var node in new[] { a, b })
        {
            using var refused = await LoginAsync(node);
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            var retryAfter = int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(retryAfter, 1, 60);
        }
    }

    [Fact]
    public async Task VisitorConnectionMaximum_HoldsAcrossNodes_AClosedOneFreesItsSlotOnTheOther_AndRedisKeepsNothingAfter()
    {
        var (a, b) = await StartTwoAsync(new() { ["Kefu:Hubs:MaxConnectionsPerVisitor"] = "2" });
        var visitor = await a.CreateVisitorAsync("Bob", Ct);
        var onA = await ConnectAsync(a, visitor.Token);
        var onB = await ConnectAsync(b, visitor.Token);

        var third = Track(a.VisitorConnection(visitor.Token));
        var refusal = await RefusalAsync(third);
        Assert.Contains("Too many connections: at most 2 per visitor", refusal, StringComparison.Ordinal);

        await onB.StopAsync(Ct);
        await WaitUntilAsync(async () => (await LimitKeysAsync()).Count == 1 && await CountedConnectionsAsync() == 1);
        var again = await ConnectAsync(a, visitor.Token);
        Assert.Equal(HubConnectionState.Connected, again.State);

        await onA.StopAsync(Ct);
        await again.StopAsync(Ct);
        await WaitUntilAsync(async () => (await LimitKeysAsync()).Count == 0);
    }

    [Fact]
    public async Task VisitorCallRate_IsOneBudgetOverItsConnectionsOnBothNodes()
    {
        // Five calls a node fit each node's own bucket of six; ten against one shared bucket do not.
        var (a, b) = await StartTwoAsync(new() { ["Kefu:Hubs:CallerCallsPerSecond"] = "1", ["Kefu:Hubs:CallerCallBurst"] = "6" });
        var visitor = await a.CreateVisitorAsync("Bob", Ct);
        HubConnection[] connections = [await ConnectAsync(a, visitor.Token), await ConnectAsync(b, visitor.Token)];

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(async i =>
        {
            try
            {
                await connections[i % 2].InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest("no-such-session"), Ct);
                return "";
            }
            catch (HubException ex)
            {
                return ex.Message;
            }
        }));

        var limited = results.Count(r => r.Contains("Rate limit exceeded: at most 1 calls per second per visitor", StringComparison.Ordinal));
        Assert.InRange(limited, 3, 4);
    }

    private async Task<(KefuTestServer A, KefuTestServer B)> StartTwoAsync(Dictionary<string, string?> extra)
    {
        _prefix = redis.NewPrefix();
        var settings = new Dictionary<string, string?>(extra)
        {
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(Ct),
            ["ConnectionStrings:Redis"] = await redis.GetConfigurationAsync(Ct),
            ["Redis:KeyPrefix"] = _prefix,
        };
        var a = KefuTestServer.Start(settings);
        _nodes.Add(a);
        var b = KefuTestServer.Start(settings);
        _nodes.Add(b);
        return (a, b);
    }

    private static Task<HttpResponseMessage> LoginAsync(KefuTestServer node) =>
        node.Http.PostAsJsonAsync($"/api/tenants/{KefuTestServer.TenantId}/agents/token", new { username = KefuTestServer.AdminUsername, password = "a-wrong-guess" }, Ct);

    private async Task<HubConnection> ConnectAsync(KefuTestServer node, string token)
    {
        var connection = Track(node.VisitorConnection(token));
        await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        return connection;
    }

    /// <summary>Why the server closed a connection right after it started (the connect itself succeeds first).</summary>
    private static async Task<string?> RefusalAsync(HubConnection connection)
    {
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        try
        {
            await connection.StartAsync(Ct).WaitAsync(Timeout, Ct);
        }
        catch (Exception ex) when (ex is HubException or InvalidOperationException or IOException)
        {
            return ex.Message;
        }

        return (await closed.Task.WaitAsync(Timeout, Ct))?.Message;
    }

    private async Task<List<RedisKey>> LimitKeysAsync()
    {
        var server = (await redis.GetConnectionAsync(Ct)).GetServers().Single();
        var keys = new List<RedisKey>();
        await foreach (var key in server.KeysAsync(pattern: _prefix + ":limit:*"))
        {
            keys.Add(key);
        }

        return keys;
    }

    private async Task<long> CountedConnectionsAsync()
    {
        var db = (await redis.GetConnectionAsync(Ct)).GetDatabase();
        var total = 0L;
        foreach (var key in await LimitKeysAsync())
        {
            total += await db.SetLengthAsync(key);
        }

        return total;
    }

    /// <summary>Polls: a connection's slot is released by the node after its disconnect, with nothing to await across the nodes.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(waited.Elapsed < Timeout, "the condition did not hold in time");
            await Task.Delay(50, Ct);
        }
    }

    private HubConnection Track(HubConnection connection)
    {
        _nodes.Add(connection);
        return connection;
    }
}
