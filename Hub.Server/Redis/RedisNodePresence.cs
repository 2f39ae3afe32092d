using System.Globalization;
using KefuHub.Routing;
using KefuHub.Server.Security;
using KefuHub.Server.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace KefuHub.Server.Redis;

/// <summary>
/// What routing must not lose when a node dies without closing its connections (SIGKILL, power loss).
/// Each node keeps its hub connections in Redis (<c>{prefix}:node:{id}:connections</c>) and beats a
/// heartbeat (<c>{prefix}:nodes</c>, scored with Redis <c>TIME</c>, so node clocks don't matter). Every
/// beat, each node also: reaps nodes silent for <see cref="RedisRoutingOptions.NodeTimeoutSeconds"/>
/// (one reaper per dead node, under a lease), telling routing that their connections dropped, so rule 7's
/// grace runs for their agents and visitors; and fires deadlines left overdue by a node that died before
/// its timer did. Firing is a command in the tenant's log, deterministic and idempotent, so any node may
/// do it and no deadline owner needs electing: the sweep waits one beat past the due time, which leaves
/// the issuing node's own timer the first go.
/// </summary>
public sealed partial class RedisNodePresence(
    IConnectionMultiplexer redis,
    RoutingEngine engine,
    ITenantStore tenants,
    IOptions<RedisRoutingOptions> options,
    TimeProvider time,
    ILogger<RedisNodePresence> logger) : BackgroundService
{
    private const string BeatScript = "local t = redis.call('TIME') redis.call('ZADD', KEYS[1], t[1], ARGV[1]) return tonumber(t[1])";
    private const char Separator = '|';

    private readonly string _prefix = options.Value.KeyPrefix;
    private readonly TimeSpan _beat = TimeSpan.FromSeconds(options.Value.HeartbeatSeconds);
    private readonly long _timeoutSeconds = options.Value.NodeTimeoutSeconds;

    public string NodeId { get; } = Guid.NewGuid().ToString("N");

    private RedisKey Nodes => $"{_prefix}:nodes";

    /// <summary>Records a hub connection of this node, before routing hears of it.</summary>
    public async Task AddAsync(int tenantId, PresenceHub hub, string subjectId, string connectionId) =>
        await redis.GetDatabase().HashSetAsync(ConnectionsOf(NodeId), connectionId, string.Join(Separator, tenantId.ToString(CultureInfo.InvariantCulture), hub, subjectId));

    /// <summary>Forgets a connection, after routing heard that it dropped.</summary>
    public async Task RemoveAsync(string connectionId) =>
        await redis.GetDatabase().HashDeleteAsync(ConnectionsOf(NodeId), connectionId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_beat, time);
        do
        {
            try
            {
                var now = (long)await redis.GetDatabase().ScriptEvaluateAsync(BeatScript, [Nodes], [NodeId]);
                await ReapDeadNodesAsync(now, stoppingToken);
                await FireOverdueDeadlinesAsync(stoppingToken);
            }
#pragma warning disable CA1031 // Redis down, or the database not migrated yet while the node starts: try again next beat.
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                LogHousekeepingFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private RedisKey ConnectionsOf(string node) => $"{_prefix}:node:{node}:connections";

    private async Task ReapDeadNodesAsync(long now, CancellationToken cancellationToken)
    {
        var db = redis.GetDatabase();
        foreach (var dead in await db.SortedSetRangeByScoreAsync(Nodes, double.NegativeInfinity, now - _timeoutSeconds, Exclude.Stop))
        {
            var node = dead.ToString();
            var lease = (RedisKey)$"{_prefix}:lock:reap:{node}";
            if (node == NodeId || !await db.StringSetAsync(lease, NodeId, TimeSpan.FromMinutes(1), When.NotExists))
            {
                continue;
            }

            var connections = await db.HashGetAllAsync(ConnectionsOf(node));
            foreach (var entry in connections)
            {
                await DisconnectAsync(node, entry.Name.ToString(), entry.Value.ToString(), cancellationToken);
            }

            await db.KeyDeleteAsync(ConnectionsOf(node));
            await db.SortedSetRemoveAsync(Nodes, node);
            LogNodeReaped(logger, node, connections.Length);
        }
    }

    private async Task DisconnectAsync(string node, string connectionId, string entry, CancellationToken cancellationToken)
    {
        var parts = entry.Split(Separator, 3);
        if (parts.Length != 3 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var tenantId) || !Enum.TryParse<PresenceHub>(parts[1], out var hub))
        {
            return;
        }

        _ = hub == PresenceHub.Agent
            ? await engine.AgentDisconnectedAsync(tenantId, parts[2], connectionId, cancellationToken)
            : await engine.VisitorDisconnectedAsync(tenantId, parts[2], connectionId, cancellationToken);

        // Its slot in the caller's limit too: the open script would drop it only when that caller comes back.
        var caller = new CallerIdentity(tenantId, hub == PresenceHub.Agent ? TokenKind.Agent : TokenKind.Visitor, parts[2]);
        var keys = RedisCallerKeys.For(_prefix, caller);
        await redis.GetDatabase().ScriptEvaluateAsync(CallerLimitScripts.Close, [keys.Connections, keys.Calls], [RedisCallerKeys.Member(node, connectionId)]);
    }

    private async Task FireOverdueDeadlinesAsync(CancellationToken cancellationToken)
    {
        var overdue = time.GetUtcNow() - _beat;
        foreach (var tenant in await tenants.ListTenantsAsync(cancellationToken))
        {
            if (await engine.ReadAsync(tenant.TenantId, s => s.NextDeadline, cancellationToken) <= overdue)
            {
                await engine.RunDueDeadlinesAsync(tenant.TenantId, cancellationToken);
            }
        }
    }

    [LoggerMessage(2020, LogLevel.Warning, "Node {Node} stopped beating: {Connections} of its connection(s) dropped from routing.", EventName = "NodeReaped")]
    private static partial void LogNodeReaped(ILogger logger, string node, int connections);

    [LoggerMessage(2021, LogLevel.Warning, "Cluster housekeeping (heartbeat, dead nodes, overdue deadlines) failed; retried next beat.", EventName = "ClusterHousekeepingFailed")]
    private static partial void LogHousekeepingFailed(ILogger logger, Exception exception);
}
