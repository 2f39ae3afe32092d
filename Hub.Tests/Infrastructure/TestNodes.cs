using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Infrastructure;

/// <summary>
/// The hub nodes a multi-node test starts and the client connections it opens, stopped at its end:
/// connections first, so that no node shuts down under a client still talking to it.
/// </summary>
public sealed class TestNodes : IAsyncDisposable
{
    private readonly List<KefuTestServer> _nodes = [];
    private readonly ConcurrentQueue<HubConnection> _connections = new();

    public KefuTestServer this[int index] => _nodes[index];

    /// <summary>The nodes started so far, in the order they were added.</summary>
    public IReadOnlyList<KefuTestServer> All
    {
        get
        {
            lock (_nodes)
            {
                return [.. _nodes];
            }
        }
    }

    public KefuTestServer Add(KefuTestServer node)
    {
        lock (_nodes)
        {
            _nodes.Add(node);
        }

        return node;
    }

    /// <summary>Safe from concurrent callers: stress tests open connections in parallel.</summary>
    public HubConnection Add(HubConnection connection)
    {
        _connections.Enqueue(connection);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAndDeleteAsync();
        }
    }
}
