using System.Collections.Concurrent;
using KefuHub.Routing.State;
using Microsoft.Extensions.Options;

namespace KefuHub.Routing;

/// <summary>The embedded single-node store: each tenant's state in memory, one command at a time under its lock.</summary>
public sealed class InMemoryRoutingStateStore(IOptions<RoutingOptions> options) : IRoutingStateStore
{
    private readonly ConcurrentDictionary<int, TenantRoutingState> _tenants = new();
    private readonly RoutingOptions _options = options.Value;

    public ValueTask<RoutingCommandOutcome> ExecuteAsync(int tenantId, RoutingCommand command, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var state = StateOf(tenantId);
        lock (state)
        {
            return ValueTask.FromResult(state.Apply(command));
        }
    }

    public ValueTask<TResult> ReadAsync<TResult>(int tenantId, Func<TenantRoutingState, TResult> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var state = StateOf(tenantId);
        lock (state)
        {
            return ValueTask.FromResult(query(state));
        }
    }

    private TenantRoutingState StateOf(int tenantId) =>
        _tenants.GetOrAdd(tenantId, static (id, options) => new TenantRoutingState(id, options), _options);
}
