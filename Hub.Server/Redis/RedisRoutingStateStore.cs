using System.Collections.Concurrent;
using System.Globalization;
using KefuHub.Routing;
using KefuHub.Routing.State;
using KefuHub.Server.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KefuHub.Server.Redis;

/// <summary>
/// Routing state shared by every node through Redis: each tenant has one command log, appended by one Lua
/// script that gives each command the next sequence number. Every node keeps a replica of each tenant's
/// <see cref="TenantRoutingState"/> and replays the log into it in that order; because
/// <see cref="TenantRoutingState.Apply"/> is deterministic, every replica takes the same decisions, so
/// a check-and-assign on one node is atomic across all of them with no lock outside Redis.
/// </summary>
/// <remarks>
/// The lock per replica only keeps this process's threads from applying into one replica at once; the
/// order of commands, and so every decision, comes from Redis. Snapshots every
/// <see cref="RedisRoutingOptions.SnapshotInterval"/> commands let the log be trimmed and a new node start
/// from the snapshot. Command ids make a retried append apply once. Every append is announced on a
/// channel (<see cref="RoutingLogListener"/>) and each node that hears it catches its replica up at once,
/// so <see cref="ReadRecentAsync"/> can answer from the replica without a round trip.
/// </remarks>
public sealed class RedisRoutingStateStore : IRoutingStateStore, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly RoutingOptions _routing;
    private readonly RedisRoutingOptions _options;
    private readonly ILogger<RedisRoutingStateStore> _logger;
    private readonly string _fingerprint;
    private readonly ConcurrentDictionary<int, Replica> _replicas = new();
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);
    private readonly Func<int, CancellationToken, ValueTask>? _seed;
    private readonly RedisClusterLock _seedLock;
    private readonly RoutingLogListener _listener;
    private long _routeCalls;

    /// <summary>Set while this flow seeds a tenant: its commands pass a state that is not seeded yet.</summary>
    private static readonly AsyncLocal<bool> Seeding = new();

    /// <summary>How long a node that died while seeding keeps the others waiting.</summary>
    private static readonly TimeSpan SeedLease = TimeSpan.FromMinutes(2);

    /// <param name="seed">
    /// Fills a new (or lost) tenant state from the durable store, through the engine, before any other
    /// command may pass; run by one node at a time. Null when there is nothing to seed from.
    /// </param>
    public RedisRoutingStateStore(
        IConnectionMultiplexer redis,
        IOptions<RoutingOptions> routing,
        IOptions<RedisRoutingOptions> options,
        ILogger<RedisRoutingStateStore> logger,
        Func<int, CancellationToken, ValueTask>? seed = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(routing);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _redis = redis;
        _routing = routing.Value;
        _options = options.Value;
        _logger = logger;
        _fingerprint = Fingerprint(_routing);
        _seed = seed;
        _seedLock = new RedisClusterLock(redis, options, TimeProvider.System);
        _listener = new RoutingLogListener(redis, _options.KeyPrefix, time ?? TimeProvider.System, OnAppended);
    }

    /// <summary>Raised (with the tenant id) when a tenant's state in Redis turned out to be gone, after the replica started over.</summary>
    public event Action<int>? StateLost;

    /// <summary>Route script calls this store has made: what <see cref="ReadRecentAsync"/> saves.</summary>
    internal long RouteCalls => Interlocked.Read(ref _routeCalls);

    /// <summary>The last seq this node's replica of the tenant applied (0 when it has none).</summary>
    internal long AppliedSeqOf(int tenantId) => _replicas.TryGetValue(tenantId, out var replica) ? Volatile.Read(ref replica.AppliedSeq) : 0;

    public async ValueTask<RoutingCommandOutcome> ExecuteAsync(int tenantId, RoutingCommand command, Action<RoutingCommandOutcome>? applied = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        var replica = ReplicaOf(tenantId);
        var pending = new Pending(Guid.NewGuid().ToString("N"), RoutingJson.Serialize(command), applied);
        _pending[pending.Id] = pending;
        try
        {
            await SyncAsync(replica, pending).ConfigureAwait(false);
            return pending.Outcome ?? throw (pending.Failure is { } failure
                ? new InvalidOperationException($"Routing command {pending.Seq} of tenant {tenantId} failed.", failure)
                : new RoutingStoreUnavailableException(
                    $"Routing command {pending.Seq} of tenant {tenantId} was applied, but this node could not see its outcome (its replica restarted from a later snapshot)."));
        }
        finally
        {
            _pending.TryRemove(pending.Id, out _);
        }
    }

    public async ValueTask<TResult> ReadAsync<TResult>(int tenantId, Func<TenantRoutingState, TResult> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var replica = ReplicaOf(tenantId);
        await SyncAsync(replica, null).ConfigureAwait(false);
        return await QueryAsync(replica, query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers from the replica when it is known to hold every append this node has heard of, in a stretch of
    /// proven hearing that it was synced in; else reads as <see cref="ReadAsync"/> does. Staleness is then the
    /// time an append takes to be announced to this node: milliseconds, or <see cref="RoutingLogListener.ProofLifetime"/>
    /// at worst on a subscription that broke without an error.
    /// </summary>
    public async ValueTask<TResult> ReadRecentAsync<TResult>(int tenantId, Func<TenantRoutingState, TResult> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var replica = ReplicaOf(tenantId);
        var generation = _listener.Generation;
        if (generation == 0 || Volatile.Read(ref replica.SyncedGeneration) != generation ||
            Volatile.Read(ref replica.HeardSeq) > Volatile.Read(ref replica.AppliedSeq) || (replica.HeardEpoch is { } heard && heard != replica.Epoch))
        {
            return await ReadAsync(tenantId, query, cancellationToken).ConfigureAwait(false);
        }

        return await QueryAsync(replica, query, cancellationToken).ConfigureAwait(false);
    }

    private static async ValueTask<TResult> QueryAsync<TResult>(Replica replica, Func<TenantRoutingState, TResult> query, CancellationToken cancellationToken)
    {
        await replica.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return query(replica.State);
        }
        finally
        {
            replica.Gate.Release();
        }
    }

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var replica in _replicas.Values)
        {
            replica.Gate.Dispose();
        }
    }

    /// <summary>The engine options every replica of a tenant must share, or their decisions would differ.</summary>
    private static string Fingerprint(RoutingOptions options) => string.Create(
        CultureInfo.InvariantCulture,
        $"samples={options.HandlingTimeSamples};handling={options.DefaultHandlingTime.Ticks};maxWaiting={options.MaxWaitingSessionsPerTenant}");

    private Replica ReplicaOf(int tenantId) =>
        _replicas.GetOrAdd(tenantId, static (id, store) => new Replica(id, new TenantRoutingState(id, store._routing), RedisRoutingKeys.For(store._options.KeyPrefix, id), store.RunRoundAsync), this);

    /// <summary>Most commands one Route call carries.</summary>
    private const int MaxCommandsPerRound = 256;

    /// <summary>
    /// Appends the pending command (if any) and brings the replica up to date with the log. Calls on one
    /// replica go out in rounds, one round in flight at a time, each carrying every command queued while the
    /// one before was under way: a burst of n commands then costs a few round trips and moves each log entry
    /// once, not n calls each answered with up to n entries.
    /// </summary>
    /// <remarks>
    /// Not cancellable once queued: the command may reach the log, and only the caller's own replay of it
    /// publishes its events. Redis' own timeout bounds the wait.
    /// </remarks>
    private async Task SyncAsync(Replica replica, Pending? pending)
    {
        if (Seeding.Value)
        {
            // The seeding's own calls pass a state that is not seeded yet, so they never share a round.
            await SyncRoundAsync(replica, pending is null ? [] : [pending]).ConfigureAwait(false);
            return;
        }

        var request = new SyncRequest(pending);
        if (replica.Rounds.Enqueue(request))
        {
            // No round under way: this caller runs them, without a thread hop, until its own call is done.
            await replica.Rounds.RunRoundsAsync(() => request.Done.Task.IsCompleted).ConfigureAwait(false);
        }

        await request.Done.Task.ConfigureAwait(false);
    }

    private async Task RunRoundAsync(Replica replica, List<SyncRequest> round)
    {
        try
        {
            await SyncRoundAsync(replica, [.. round.Select(r => r.Pending).OfType<Pending>()]).ConfigureAwait(false);
            round.ForEach(r => r.Done.TrySetResult());
        }
#pragma warning disable CA1031 // Every caller of the round gets its failure.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            round.ForEach(r => r.Done.TrySetException(exception));
        }
    }

    /// <summary>One round: appends the commands (none for a read) and applies every entry the replica has not applied yet.</summary>
    private async Task SyncRoundAsync(Replica replica, Pending[] commands)
    {
        var after = Volatile.Read(ref replica.AppliedSeq);
        while (true)
        {
            // Taken before the call: if hearing breaks while it is under way, the replica is not trusted after it.
            var generation = _listener.Generation;
            var answer = await RouteAsync(replica, commands, after).ConfigureAwait(false);
            if (answer.NeedsSeed)
            {
                await SeedAsync(replica, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            for (var i = 0; i < commands.Length && i < answer.CommandSeqs.Length; i++)
            {
                commands[i].Seq = (long)answer.CommandSeqs[i];
            }

            Snapshot? snapshot = null;
            bool done;
            await replica.Gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                done = TryApply(replica, answer, ref snapshot);
                after = replica.AppliedSeq;
                if (done)
                {
                    Volatile.Write(ref replica.SyncedGeneration, generation);
                }
            }
            finally
            {
                replica.Gate.Release();
            }

            if (snapshot is not null)
            {
                await SaveSnapshotAsync(replica, snapshot).ConfigureAwait(false);
            }

            if (done)
            {
                return;
            }

            // The state changed under us (lost, or a gap after another thread reset the replica): read again.
        }
    }

    /// <summary>Seeds the tenant's new state from the durable store unless another node did, one node at a time.</summary>
    private async Task SeedAsync(Replica replica, CancellationToken cancellationToken)
    {
        if (Seeding.Value)
        {
            throw new InvalidOperationException($"A seeding command of tenant {replica.TenantId} was refused as unseeded.");
        }

        try
        {
            await SeedOnceAsync(replica, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            // The lease and the seeded mark are plain Redis calls: their failure is the same outage as a command's.
            throw new RoutingStoreUnavailableException("Routing state is unavailable: Redis cannot be reached.", ex);
        }
    }

    private async Task SeedOnceAsync(Replica replica, CancellationToken cancellationToken)
    {
        var db = _redis.GetDatabase();
        await using var held = await _seedLock.AcquireAsync($"seed:{{{replica.TenantId}}}", SeedLease, cancellationToken).ConfigureAwait(false);
        var epoch = (string?)await db.HashGetAsync(replica.Keys.Meta, "epoch").ConfigureAwait(false);
        if (epoch is null || (string?)await db.HashGetAsync(replica.Keys.Meta, "seeded").ConfigureAwait(false) == "1")
        {
            return;
        }

        RedisStateLog.Seeding(_logger, replica.TenantId);
        Seeding.Value = true;
        try
        {
            if (_seed is not null)
            {
                await _seed(replica.TenantId, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Seeding.Value = false;
        }

        await db.ScriptEvaluateAsync(RoutingLogScripts.MarkSeeded, [replica.Keys.Meta], [epoch]).ConfigureAwait(false);
        RedisStateLog.Seeded(_logger, replica.TenantId);
    }

    /// <summary>How often an append that timed out is sent again; its command id makes the retry apply once.</summary>
    private const int Attempts = 3;

    private async Task<RouteAnswer> RouteAsync(Replica replica, Pending[] commands, long after)
    {
        var arguments = new RedisValue[7 + (2 * commands.Length)];
        arguments[0] = replica.Epoch;
        arguments[1] = Guid.NewGuid().ToString("N");
        arguments[2] = _fingerprint;
        arguments[3] = after;
        arguments[4] = Seeding.Value ? "1" : "";
        arguments[5] = _listener.Channel.ToString();
        arguments[6] = replica.TenantId;
        for (var i = 0; i < commands.Length; i++)
        {
            arguments[7 + (2 * i)] = commands[i].Id;
            arguments[8 + (2 * i)] = commands[i].Command;
        }

        RedisResult result;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Interlocked.Increment(ref _routeCalls);
                result = await _redis.GetDatabase().ScriptEvaluateAsync(RoutingLogScripts.Route, replica.Keys.All, arguments).ConfigureAwait(false);
                break;
            }
            catch (RedisTimeoutException) when (attempt < Attempts)
            {
                // Sent but unanswered: send it again under the same id.
            }
            catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
            {
                throw new RoutingStoreUnavailableException("Routing state is unavailable: Redis cannot be reached.", ex);
            }
        }

        var parts = (RedisResult[])result!;
        switch ((string?)parts[0])
        {
            case "OK":
                return new RouteAnswer(false, (string)parts[1]!, (long)parts[2], (long)parts[3], (string?)parts[4], (RedisResult[])parts[5]!, (RedisResult[])parts[6]!);
            case "LOST":
                return RouteAnswer.Lost;
            case "SEED":
                return RouteAnswer.Unseeded;
            default:
                throw new InvalidOperationException(
                    $"Tenant {replica.TenantId}'s routing state in Redis was built with other routing options ({(string?)parts[1]}) than this node's ({_fingerprint}). " +
                    "Every node must run with the same Routing section.");
        }
    }

    /// <summary>Applies an answer under the replica's gate; false when it must be read again.</summary>
    private bool TryApply(Replica replica, RouteAnswer answer, ref Snapshot? snapshot)
    {
        if (answer.IsLost)
        {
            if (replica.Epoch.Length > 0)
            {
                RedisStateLog.StateLost(_logger, replica.TenantId);
                replica.Reset(new TenantRoutingState(replica.TenantId, _routing));
                StateLost?.Invoke(replica.TenantId);
            }

            return false;
        }

        if (replica.Epoch != answer.Epoch)
        {
            if (replica.Epoch.Length > 0)
            {
                return false;
            }

            replica.Epoch = answer.Epoch;
        }

        var entries = answer.Entries;
        if (answer.SnapshotSeq > replica.AppliedSeq && answer.SnapshotJson is { Length: > 0 } json)
        {
            replica.State = TenantRoutingState.FromSnapshot(replica.TenantId, _routing, RoutingJson.DeserializeSnapshot(json));
            Volatile.Write(ref replica.AppliedSeq, answer.SnapshotSeq);
            RedisStateLog.SnapshotLoaded(_logger, replica.TenantId, answer.SnapshotSeq);
        }

        foreach (var entry in entries)
        {
            var parts = (RedisResult[])entry!;
            var id = (string)parts[0]!;
            var seq = long.Parse(id.AsSpan(0, id.IndexOf('-', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            if (seq <= replica.AppliedSeq)
            {
                continue;
            }

            if (seq != replica.AppliedSeq + 1)
            {
                return false;
            }

            var fields = (RedisResult[])parts[1]!;
            string? commandId = null;
            string? commandJson = null;
            for (var i = 0; i + 1 < fields.Length; i += 2)
            {
                switch ((string?)fields[i])
                {
                    case "i":
                        commandId = (string?)fields[i + 1];
                        break;
                    case "c":
                        commandJson = (string?)fields[i + 1];
                        break;
                }
            }

            var mine = commandId is not null && _pending.TryGetValue(commandId, out var pending) ? pending : null;
            Apply(replica, seq, commandJson!, mine);
            Volatile.Write(ref replica.AppliedSeq, seq);
            if (mine is not null && seq % _options.SnapshotInterval == 0)
            {
                // Exactly one node appended this seq, so exactly one saves the snapshot at it.
                snapshot = new Snapshot(seq, replica.Epoch, RoutingJson.Serialize(replica.State.ExportSnapshot()));
            }
        }

        return replica.AppliedSeq >= answer.Seq;
    }

    private void Apply(Replica replica, long seq, string commandJson, Pending? mine)
    {
        RoutingCommandOutcome outcome;
        try
        {
            outcome = replica.State.Apply(RoutingJson.DeserializeCommand(commandJson));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Deterministic: every replica fails the same command the same way and goes on with the next.
            RedisStateLog.CommandFailed(_logger, replica.TenantId, seq, ex);
            if (mine is not null)
            {
                mine.Failure = ex;
            }

            return;
        }

        if (mine is not null)
        {
            mine.Outcome = outcome;
            mine.Applied?.Invoke(outcome);
        }
    }

    /// <summary>Another node appended to a tenant's log: a replica of it here catches up at once.</summary>
    private void OnAppended(int tenantId, string epoch, long seq)
    {
        if (!_replicas.TryGetValue(tenantId, out var replica))
        {
            return;
        }

        if (replica.Epoch != epoch)
        {
            // A replica of a state that is gone (Redis flushed, a new one begun) is not trusted until a sync finds out.
            replica.HeardEpoch = epoch;
            return;
        }

        var heard = Volatile.Read(ref replica.HeardSeq);
        while (seq > heard && Interlocked.CompareExchange(ref replica.HeardSeq, seq, heard) != heard)
        {
            heard = Volatile.Read(ref replica.HeardSeq);
        }

        if (seq > Volatile.Read(ref replica.AppliedSeq))
        {
            _ = CatchUpAsync(replica);
        }
    }

    /// <summary>
    /// Syncs the replica with the log. Announcements heard while a round is under way queue reads that the
    /// next round serves together, so a burst of them costs a round or two, not one each.
    /// </summary>
    private async Task CatchUpAsync(Replica replica)
    {
        // Off the subscription's thread, which delivers every announcement in order.
        await Task.Yield();
        try
        {
            await SyncAsync(replica, null).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A catch-up that fails leaves the replica behind, so that reads sync themselves.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            RedisStateLog.CatchUpFailed(_logger, replica.TenantId, exception);
        }
    }

    private async Task SaveSnapshotAsync(Replica replica, Snapshot snapshot)
    {
        try
        {
            await _redis.GetDatabase().ScriptEvaluateAsync(
                RoutingLogScripts.Snapshot,
                replica.Keys.All,
                [snapshot.Epoch, snapshot.Seq, snapshot.Json]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException)
        {
            RedisStateLog.SnapshotFailed(_logger, replica.TenantId, snapshot.Seq, ex);
        }
    }

    /// <summary>This node's copy of one tenant's state, and how far into the log it is.</summary>
    private sealed class Replica
    {
        public long AppliedSeq;

        /// <summary>The highest seq of this replica's epoch announced to this node.</summary>
        public long HeardSeq;

        /// <summary>The <see cref="RoutingLogListener.Generation"/> of its last sync, 0 if none was in proven hearing.</summary>
        public long SyncedGeneration;

        /// <summary>The epoch of the last append announced for another state than this replica's, if any.</summary>
        public volatile string? HeardEpoch;

        public Replica(int tenantId, TenantRoutingState state, RedisRoutingKeys keys, Func<Replica, List<SyncRequest>, Task> runRound)
        {
            TenantId = tenantId;
            State = state;
            Keys = keys;
            Rounds = new GroupCommitQueue<SyncRequest>(MaxCommandsPerRound, round => runRound(this, round));
        }

        /// <summary>This node's calls on the replica, sent to Redis a round at a time.</summary>
        public GroupCommitQueue<SyncRequest> Rounds { get; }

        public int TenantId { get; }

        public RedisRoutingKeys Keys { get; }

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public TenantRoutingState State { get; set; }

        /// <summary>The epoch of the Redis state this replica follows; empty until it has seen one.</summary>
        public string Epoch { get; set; } = "";

        public void Reset(TenantRoutingState empty)
        {
            State = empty;
            Epoch = "";
            Volatile.Write(ref AppliedSeq, 0);
            Volatile.Write(ref HeardSeq, 0);
            Volatile.Write(ref SyncedGeneration, 0);
        }
    }

    /// <summary>A command of this node on its way through the log.</summary>
    private sealed class Pending(string id, string command, Action<RoutingCommandOutcome>? applied)
    {
        public string Id { get; } = id;

        public string Command { get; } = command;

        public Action<RoutingCommandOutcome>? Applied { get; } = applied;

        /// <summary>Its place in the log, once appended.</summary>
        public long Seq { get; set; }

        public RoutingCommandOutcome? Outcome { get; set; }

        public Exception? Failure { get; set; }
    }

    /// <summary>A call waiting for a round: a command, or a read (no command) that needs the log's latest entries.</summary>
    private sealed class SyncRequest(Pending? pending)
    {
        public Pending? Pending { get; } = pending;

        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record Snapshot(long Seq, string Epoch, string Json);

    /// <param name="Seq">The log's last seq when the round ran.</param>
    /// <param name="CommandSeqs">The seq of each command of the round, in order.</param>
    private sealed record RouteAnswer(bool IsLost, string Epoch, long Seq, long SnapshotSeq, string? SnapshotJson, RedisResult[] Entries, RedisResult[] CommandSeqs)
    {
        public static RouteAnswer Lost { get; } = new(true, "", 0, 0, null, [], []);

        public static RouteAnswer Unseeded { get; } = new(false, "", 0, 0, null, [], []) { NeedsSeed = true };

        public bool NeedsSeed { get; private init; }
    }
}
