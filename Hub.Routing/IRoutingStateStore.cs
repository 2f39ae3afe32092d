using KefuHub.Routing.State;

namespace KefuHub.Routing;

/// <summary>
/// Where tenants' routing state lives. A store applies each tenant's commands one at a time, in one
/// order that every reader observes, so each command sees the result of all earlier ones: that is what
/// makes the check-and-assign of a decision atomic on any number of nodes.
/// </summary>
public interface IRoutingStateStore
{
    /// <summary>Applies the command to the tenant's state (created empty on first use).</summary>
    /// <param name="applied">
    /// Called with the outcome in the tenant's command order, before the next command is applied, so
    /// that events can be queued in that order. It must be quick and must not throw.
    /// </param>
    ValueTask<RoutingCommandOutcome> ExecuteAsync(int tenantId, RoutingCommand command, Action<RoutingCommandOutcome>? applied = null, CancellationToken cancellationToken = default);

    /// <summary>Runs a read-only query against an up-to-date state of the tenant.</summary>
    ValueTask<TResult> ReadAsync<TResult>(int tenantId, Func<TenantRoutingState, TResult> query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs a read-only query against this node's latest copy of the tenant's state, which a store shared by
    /// several nodes may serve without a round trip: it reflects every command of this node, and other nodes'
    /// commands up to the last moments. For checks that may pass on such a state because the caller's own
    /// action races with other commands anyway; a refusal must be confirmed with <see cref="ReadAsync"/>.
    /// A store whose reads are always up to date needs nothing more.
    /// </summary>
    ValueTask<TResult> ReadRecentAsync<TResult>(int tenantId, Func<TenantRoutingState, TResult> query, CancellationToken cancellationToken = default) =>
        ReadAsync(tenantId, query, cancellationToken);
}
