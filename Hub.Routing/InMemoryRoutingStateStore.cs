using System.Collections.Concurrent;
using KefuHub.Routing.State;
using Microsoft.Extensions.Options;

namespace KefuHub.Routing;

/// <summary>The embedded single-node store: each tenant's state in memory, one command at a time under its lock.</summary>
public sealed class InMemoryRoutingStateStore(IOptions<RoutingOptions> options) : IRoutingStateStore
{
    private readonly ConcurrentDictionary<int, Tenant> _tenants = new();
    private readonly RoutingOptions _options = options.Value;

    public ValueTask<RoutingCommandOutcome> ExecuteAsync(int tenantId, RoutingCommand command, Action<RoutingCommandOutcome>? applied = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var tenant = TenantOf(tenantId);
        lock (tenant.Gate)
        {
            var outcome = tenant.State.Apply(command);
            applied?.Invoke(outcome);
            return ValueTask.FromResult(outcome);
        }
    }

    public ValueTask<TResult> ReadAsync<TResult>(int tenantId, Func<TenantRoutingState, TResult> query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        cancellationToken.ThrowIfCancellationRequested();
        var tenant = TenantOf(tenantId);
        lock (tenant.Gate)
        {
            return ValueTask.FromResult(query(tenant.State));
        }
    }

    private Tenant TenantOf(int tenantId) =>
        _tenants.GetOrAdd(tenantId, static (id, options) => new Tenant(new TenantRoutingState(id, options)), _options);

    private sealed class Tenant(TenantRoutingState state)
    {
        public TenantRoutingState State { get; } = state;

        public Lock Gate { get; } = new();
    }
}
