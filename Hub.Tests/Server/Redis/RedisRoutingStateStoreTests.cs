using KefuHub.Routing;
using KefuHub.Server.Redis;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Routing;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using static KefuHub.Tests.Routing.RoutingHarness;

namespace KefuHub.Tests.Server.Redis;

/// <summary>What the Redis store adds to the contract: the log, snapshots, retries, lost state, shared options.</summary>
public sealed class RedisRoutingStateStoreTests(RedisServer redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NodeJoiningLate_StartsFromTheSnapshot_AndAgreesWithTheNodeThatBuiltIt()
    {
        var prefix = redis.NewPrefix();
        using var a = new RoutingHarness(RedisStores.Create(redis, prefix, snapshotInterval: 10));
        await a.AddAgentAsync("alice", max: 3, queues: [1]);
        for (var i = 0; i < 40; i++)
        {
            await a.StartAsync($"v{i}", queue: 1);
        }

        Ok(await a.CloseAsync("s-v0"));
        await a.AdvanceAsync(TimeSpan.FromSeconds(5));

        var db = (await redis.GetConnectionAsync(Ct)).GetDatabase();
        var keys = RedisRoutingKeys.For(prefix, Tenant);
        var logLength = await db.StreamLengthAsync(keys.Log);
        Assert.InRange(logLength, 1, 20);
        Assert.Equal(await db.StreamLengthAsync(keys.Log), await db.HashLengthAsync(keys.CommandIds));
        Assert.True(await db.KeyExistsAsync(keys.Snapshot));

        using var b = new RoutingHarness(RedisStores.Create(redis, prefix, snapshotInterval: 10), a.Time);
        var seenByB = await b.Engine.ReadAsync(Tenant, s => RoutingJson.Serialize(s.ExportSnapshot()), Ct);
        var seenByA = await a.Engine.ReadAsync(Tenant, s => RoutingJson.Serialize(s.ExportSnapshot()), Ct);
        Assert.Equal(seenByA, seenByB);
        await b.AssertInvariantsAsync();

        // Both go on deciding alike: B closes, A sees the next waiting session assigned.
        Ok(await b.CloseAsync("s-v1"));
        Assert.Equal("alice", await a.AgentOfAsync("s-v4"));
    }

    [Fact]
    public async Task RecentReads_OnAnotherNode_FollowItsCommands_WithoutARoundTrip()
    {
        var prefix = redis.NewPrefix();
        using var storeA = RedisStores.Create(redis, prefix);
        using var storeB = RedisStores.Create(redis, prefix);
        using var a = new RoutingHarness(storeA);
        await a.AddAgentAsync("alice", max: 3, queues: [1]);
        await WaitUntilAsync(async () => await storeB.ReadRecentAsync(Tenant, s => s.GetAgent("alice"), Ct) is not null && await ServedWithoutRoundTripAsync(storeB));

        Assert.Equal(RoutingDecisionKind.Assigned, (await a.StartAsync("v1", queue: 1)).Kind);

        // B hears the append and catches up by itself, untouched; its recent reads then answer from the replica.
        var seqOfA = storeA.AppliedSeqOf(Tenant);
        await WaitUntilAsync(() => Task.FromResult(storeB.AppliedSeqOf(Tenant) == seqOfA));
        var calls = storeB.RouteCalls;
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("alice", await storeB.ReadRecentAsync(Tenant, s => s.GetSession("s-v1")?.AgentId, Ct));
        }

        Assert.Equal(calls, storeB.RouteCalls);
    }

    [Fact]
    public async Task RecentRead_OnANodeThatStoppedHearing_ReadsTheLogOnceItsProofRunsOut()
    {
        var prefix = redis.NewPrefix();
        var listenerClock = TestClock.Create();
        await using var connectionB = await ConnectionMultiplexer.ConnectAsync(await redis.GetConfigurationAsync(Ct));
        using var storeB = new RedisRoutingStateStore(
            connectionB,
            Microsoft.Extensions.Options.Options.Create(new RoutingOptions()),
            Microsoft.Extensions.Options.Options.Create(new RedisRoutingOptions { KeyPrefix = prefix, SnapshotInterval = RedisStores.TestSnapshotInterval }),
            NullLogger<RedisRoutingStateStore>.Instance,
            time: listenerClock);
        using var a = new RoutingHarness(RedisStores.Create(redis, prefix));
        await a.AddAgentAsync("alice", max: 3, queues: [1]);
        await WaitUntilAsync(async () => await storeB.ReadRecentAsync(Tenant, s => s.GetAgent("alice"), Ct) is not null && await ServedWithoutRoundTripAsync(storeB));

        // B's subscription goes away without an error: it hears nothing more, and nothing tells it so.
        await connectionB.GetSubscriber().UnsubscribeAllAsync();
        await a.StartAsync("v1", queue: 1);
        listenerClock.Advance(RoutingLogListener.ProofLifetime + TimeSpan.FromSeconds(1));

        Assert.Equal("alice", await storeB.ReadRecentAsync(Tenant, s => s.GetSession("s-v1")?.AgentId, Ct));
    }

    [Fact]
    public async Task RecentRead_AfterAnotherNodeBeganANewState_DoesNotTrustTheReplicaOfTheOldOne()
    {
        var prefix = redis.NewPrefix();
        using var storeB = RedisStores.Create(redis, prefix);
        using var a = new RoutingHarness(RedisStores.Create(redis, prefix));
        await a.AddAgentAsync("alice", max: 3, queues: [1]);
        await WaitUntilAsync(async () => await storeB.ReadRecentAsync(Tenant, s => s.GetAgent("alice"), Ct) is not null && await ServedWithoutRoundTripAsync(storeB));

        // Redis loses the state without a restart (no connection drops); A's next command begins a new one.
        var db = (await redis.GetConnectionAsync(Ct)).GetDatabase();
        await db.KeyDeleteAsync(RedisRoutingKeys.For(prefix, Tenant).All);
        await a.StartAsync("v1", queue: 1);

        await WaitUntilAsync(async () => await storeB.ReadRecentAsync(Tenant, s => s.GetAgent("alice"), Ct) is null);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task RecentReads_RandomizedOverThreeNodes_ReadTheirOwnWrites_NeverGoBack_AndCatchUp(int seed)
    {
        var prefix = redis.NewPrefix();
        var stores = Enumerable.Range(0, 3).Select(_ => RedisStores.Create(redis, prefix)).ToArray();
        using var first = new RoutingHarness(stores[0]);
        using var second = new RoutingHarness(stores[1], first.Time);
        using var third = new RoutingHarness(stores[2], first.Time);
        RoutingHarness[] nodes = [first, second, third];
        await first.AddAgentAsync("alice", max: 1000, queues: [1]);
        var started = 0;

        // One caller per node, all at once, each starting sessions and reading at random.
        await Task.WhenAll(Enumerable.Range(0, nodes.Length).Select(async node =>
        {
            var random = new Random(seed * 31 + node);
            var seen = 0;
            for (var step = 0; step < 60; step++)
            {
                if (random.Next(3) == 0)
                {
                    var visitor = $"v{node}-{step}";
                    Ok(await nodes[node].StartAsync(visitor, queue: 1));
                    Interlocked.Increment(ref started);
                    Assert.NotNull(await stores[node].ReadRecentAsync(Tenant, s => s.GetSession("s-" + visitor), Ct));
                    continue;
                }

                var count = await stores[node].ReadRecentAsync(Tenant, s => s.GetAgentSessions("alice").Count, Ct);
                Assert.True(count >= seen, $"node {node} read {count} sessions after {seen}: its recent state went back");
                seen = count;
                if (random.Next(4) == 0)
                {
                    await Task.Delay(random.Next(3), Ct);
                }
            }
        }));

        foreach (var store in stores)
        {
            await WaitUntilAsync(async () => await store.ReadRecentAsync(Tenant, s => s.GetAgentSessions("alice").Count, Ct) == started);
        }

        foreach (var store in stores)
        {
            store.Dispose();
        }
    }

    private static async Task<bool> ServedWithoutRoundTripAsync(RedisRoutingStateStore store)
    {
        var before = store.RouteCalls;
        await store.ReadRecentAsync(Tenant, s => 0, Ct);
        return store.RouteCalls == before;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not hold within 10 s.");
            await Task.Delay(20, Ct);
        }
    }

    [Fact]
    public async Task ConcurrentCommandsOfOneNode_ShareRoundTrips_AndEachGetsItsOwnOutcome()
    {
        var prefix = redis.NewPrefix();
        using var store = RedisStores.Create(redis, prefix);
        using var h = new RoutingHarness(store);
        await h.AddAgentAsync("alice", max: 150, queues: [1]);
        var before = store.RouteCalls;

        var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => h.StartAsync($"v{i}", queue: 1)));

        Assert.Equal(150, decisions.Count(d => d.Kind == RoutingDecisionKind.Assigned));
        Assert.Equal(50, decisions.Count(d => d.Kind == RoutingDecisionKind.Queued));
        Assert.Equal(200, decisions.Select(d => d.Session!.SessionId).Distinct().Count());
        var calls = store.RouteCalls - before;
        Assert.True(calls <= 100, $"200 concurrent commands took {calls} Route calls");
        await h.AssertInvariantsAsync();
    }

    [Fact]
    public async Task RetriedAppend_WithTheSameCommandId_IsLoggedOnce()
    {
        var prefix = redis.NewPrefix();
        var db = (await redis.GetConnectionAsync(Ct)).GetDatabase();
        var keys = RedisRoutingKeys.For(prefix, Tenant);
        RedisValue[] Args(string epoch) => [epoch, "e1", "f", 0, "1", prefix + ":routing:appended", Tenant, "cmd-1", "{}"];

        var first = (RedisResult[])(await db.ScriptEvaluateAsync(RoutingLogScripts.Route, keys.All, Args("")))!;
        var retry = (RedisResult[])(await db.ScriptEvaluateAsync(RoutingLogScripts.Route, keys.All, Args((string)first[1]!)))!;

        Assert.Equal(1L, (long)first[2]);
        Assert.Equal(1L, (long)retry[2]);
        Assert.Equal(1, await db.StreamLengthAsync(keys.Log));
    }

    [Fact]
    public async Task StateGoneFromRedis_IsNoticed_AndTheReplicaStartsOver()
    {
        var prefix = redis.NewPrefix();
        var store = RedisStores.Create(redis, prefix);
        var lost = new List<int>();
        store.StateLost += lost.Add;
        using var h = new RoutingHarness(store);
        await h.AddAgentAsync("alice", max: 1, queues: [1]);
        await h.StartAsync("v1", queue: 1);

        var db = (await redis.GetConnectionAsync(Ct)).GetDatabase();
        await db.KeyDeleteAsync(RedisRoutingKeys.For(prefix, Tenant).All);

        Assert.Equal(RoutingDecisionKind.Rejected, (await h.StartAsync("v2", queue: 1)).Kind);
        Assert.Equal([Tenant], lost);
        Assert.Null(await h.SessionAsync("s-v1"));
        Assert.Null(await h.AgentAsync("alice"));
    }

    [Fact]
    public async Task NodeWithOtherRoutingOptions_IsRefusedWithAClearError()
    {
        var prefix = redis.NewPrefix();
        using var a = new RoutingHarness(RedisStores.Create(redis, prefix));
        await a.AddQueueAsync(1);
        using var b = new RoutingHarness(RedisStores.Create(redis, prefix, new RoutingOptions { MaxWaitingSessionsPerTenant = 5 }));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await b.Engine.SetQueueAsync(Tenant, 2, [], Ct));

        Assert.Contains("Routing section", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisUnreachable_FailsFastWithAClearError()
    {
        await using var connection = await FailFastConnectionAsync("127.0.0.1:1,abortConnect=false");
        using var store = StoreOver(connection, redis.NewPrefix());
        using var engine = new RoutingEngine(store, TimeProvider.System, [], NullLogger<RoutingEngine>.Instance);

        var started = System.Diagnostics.Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<RoutingStoreUnavailableException>(async () => await engine.SetQueueAsync(Tenant, 1, [], Ct));

        Assert.Contains("Redis cannot be reached", error.Message, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task RedisLostWhileSeeding_FailsWithTheSameClearError()
    {
        await using var own = new RedisServer();
        await using var connection = await FailFastConnectionAsync(await own.GetConfigurationAsync(Ct));
        // Redis dies after the seeding took its lease: marking the state seeded and releasing the lease fail.
        using var store = StoreOver(connection, own.NewPrefix(), seed: (_, _) =>
        {
            own.Kill();
            return ValueTask.CompletedTask;
        });
        using var engine = new RoutingEngine(store, TimeProvider.System, [], NullLogger<RoutingEngine>.Instance);

        var error = await Assert.ThrowsAsync<RoutingStoreUnavailableException>(async () => await engine.SetQueueAsync(Tenant, 1, [], Ct));

        Assert.Contains("Redis cannot be reached", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A connection whose calls fail within half a second once Redis is gone, rather than queue.</summary>
    private static async Task<ConnectionMultiplexer> FailFastConnectionAsync(string configuration)
    {
        var options = ConfigurationOptions.Parse(configuration + ",connectTimeout=200,syncTimeout=500,asyncTimeout=500");
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return await ConnectionMultiplexer.ConnectAsync(options);
    }

    private static RedisRoutingStateStore StoreOver(IConnectionMultiplexer connection, string prefix, Func<int, CancellationToken, ValueTask>? seed = null) => new(
        connection,
        Microsoft.Extensions.Options.Options.Create(new RoutingOptions()),
        Microsoft.Extensions.Options.Options.Create(new RedisRoutingOptions { KeyPrefix = prefix }),
        NullLogger<RedisRoutingStateStore>.Instance,
        seed);
}
