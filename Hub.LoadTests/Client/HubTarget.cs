using System.Collections.Concurrent;
using KefuHub.LoadTests.Hosting;

namespace KefuHub.LoadTests.Client;

/// <summary>The hub deployment under test, as scenarios use it: its node URLs, the tenant's REST
/// client, connection factory, and (when we started it) the server process to read memory from.
/// With several nodes every agent is on the first and the visitors are spread over the others, so
/// every conversation crosses nodes (through the Redis backplane).</summary>
internal sealed class HubTarget
{
    private const string AgentPassword = "load-test-password";
    private readonly ConcurrentQueue<string> _agents = new();

    public HubTarget(IReadOnlyList<Uri> urls, KefuRestClient rest, HubConnectionFactory connections, IReadOnlyList<int> serverProcessIds, string store)
    {
        Urls = urls;
        Rest = rest;
        Connections = connections;
        ServerProcessIds = serverProcessIds;
        Store = store;
    }

    public IReadOnlyList<Uri> Urls { get; }

    public KefuRestClient Rest { get; }

    public HubConnectionFactory Connections { get; }

    /// <summary>The hub processes this run started (none when it targets given URLs).</summary>
    public IReadOnlyList<int> ServerProcessIds { get; }

    public string Store { get; }

    public HubProtocolKind Protocol => Connections.Protocol;

    /// <summary>The nodes' Redis when this run started several nodes over one; null otherwise.</summary>
    public RedisInstance? Redis { get; init; }

    /// <summary>Unique per run, so runs against one long-lived hub do not collide on usernames.</summary>
    public string RunId { get; } = Guid.NewGuid().ToString("N")[..8];

    public IEnumerable<string> AgentUsernames => _agents;

    /// <summary>The hub's resident memory (sum over the nodes we started), or null.</summary>
    public long? ServerResidentBytes()
    {
        long total = 0;
        foreach (var pid in ServerProcessIds)
        {
            if (ProcessMemory.ResidentBytes(pid) is not { } rss)
            {
                return null;
            }

            total += rss;
        }

        return ServerProcessIds.Count == 0 ? null : total;
    }

    /// <summary>The CPU time the hub processes we started have used so far (summed over the nodes), or null.</summary>
    public TimeSpan? ServerCpuTime()
    {
        var total = TimeSpan.Zero;
        foreach (var pid in ServerProcessIds)
        {
            if (ProcessCpu.Used(pid) is not { } used)
            {
                return null;
            }

            total += used;
        }

        return ServerProcessIds.Count == 0 ? null : total;
    }

    public Uri AgentHub => new(Urls[0], "/hubs/agent");

    public Uri VisitorHub(long index) =>
        new(Urls.Count == 1 ? Urls[0] : Urls[1 + (int)((index & long.MaxValue) % (Urls.Count - 1))], "/hubs/visitor");

    /// <summary>Creates agent <paramref name="index"/> over REST, logs it in and connects it (not yet Online).</summary>
    public async Task<AgentClient> ConnectAgentAsync(int index, int capacity, CancellationToken cancellationToken)
    {
        var username = $"load-{RunId}-agent-{index}";
        await Rest.CreateAgentAsync(username, AgentPassword, capacity, cancellationToken);
        _agents.Enqueue(username);
        var token = await Rest.LoginAgentAsync(username, AgentPassword, cancellationToken);
        var agent = new AgentClient(username, Connections.Create(AgentHub, token));
        await agent.Connection.StartAsync(cancellationToken);
        return agent;
    }

    /// <summary>Signs a visitor up over REST and connects it to the visitor hub.</summary>
    public async Task<VisitorClient> ConnectVisitorAsync(long index, CancellationToken cancellationToken)
    {
        var created = await Rest.CreateVisitorAsync($"load-{RunId}-visitor-{index}", cancellationToken);
        var visitor = new VisitorClient(created.VisitorId, created.Token, Connections.Create(VisitorHub(index), created.Token));
        try
        {
            await visitor.Connection.StartAsync(cancellationToken);
        }
        catch
        {
            await visitor.DisposeAsync();
            throw;
        }

        return visitor;
    }

    /// <summary>Deletes the agents this run created (best effort: a hub we did not start stays tidy).</summary>
    public async Task DeleteAgentsAsync(CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(_agents, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (agent, ct) =>
        {
            try
            {
                await Rest.DeleteAgentAsync(agent, ct);
            }
            catch (KefuApiException)
            {
                // Still processing a session, or gone; leaving it is harmless.
            }
        });
    }
}
