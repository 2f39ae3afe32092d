using System.Collections.Concurrent;
using KefuHub.Tests.Server.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Infrastructure;

/// <summary>
/// The <see cref="HubProcess"/> nodes a test starts and the client connections it opens, stopped at its
/// end: connections first, so that no node is killed under a client still talking to it.
/// </summary>
public sealed class HubProcesses : IAsyncDisposable
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private readonly ConcurrentQueue<HubProcess> _nodes = new();
    private readonly ConcurrentQueue<HubConnection> _connections = new();

    public async Task<HubProcess> StartAsync(IReadOnlyDictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var node = await HubProcess.StartAsync(settings, cancellationToken);
        _nodes.Enqueue(node);
        return node;
    }

    /// <summary>Safe from concurrent callers: stress tests open connections in parallel.</summary>
    public HubConnection Add(HubConnection connection)
    {
        _connections.Enqueue(connection);
        return connection;
    }

    /// <summary>The agent connected to <paramref name="node"/>'s agent hub, its state left as the hub has it.</summary>
    public async Task<AgentClient> ConnectAgentAsync(HubProcess node, TestAgent agent, CancellationToken cancellationToken)
    {
        var connection = Add(node.Connection("hubs/agent", agent.Token));
        var client = new AgentClient(agent, connection);
        await connection.StartAsync(cancellationToken).WaitAsync(ConnectTimeout, cancellationToken);
        return client;
    }

    public async Task<VisitorClient> ConnectVisitorAsync(HubProcess node, TestVisitor visitor, CancellationToken cancellationToken)
    {
        var connection = Add(node.Connection("hubs/visitor", visitor.Token));
        var client = new VisitorClient(visitor, connection);
        await connection.StartAsync(cancellationToken).WaitAsync(ConnectTimeout, cancellationToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
