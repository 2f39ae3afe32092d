using KefuHub.Server.Security;

namespace KefuHub.Server.Hubs;

/// <summary>
/// Bounds one caller (a visitor or an agent, whatever its tokens and connections) on the hubs: how many
/// connections it holds and how fast it calls. <see cref="InProcessCallerLimiter"/> counts on this node;
/// with Redis, <c>RedisCallerLimiter</c> replaces it to bound a caller across nodes.
/// </summary>
public interface ICallerLimiter
{
    /// <summary>Counts a new connection of the caller; false, counting nothing, when it holds its maximum already. Counting one id twice counts it once.</summary>
    ValueTask<bool> TryOpenConnectionAsync(CallerIdentity caller, string connectionId, CancellationToken cancellationToken);

    /// <summary>Releases a connection counted by <see cref="TryOpenConnectionAsync"/>.</summary>
    ValueTask CloseConnectionAsync(CallerIdentity caller, string connectionId, CancellationToken cancellationToken);

    /// <summary>Takes one call from the caller's budget; false when it is spent.</summary>
    ValueTask<bool> TryCallAsync(CallerIdentity caller, CancellationToken cancellationToken);
}
