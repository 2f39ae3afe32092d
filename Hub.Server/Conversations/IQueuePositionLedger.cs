using KefuHub.Routing;

namespace KefuHub.Server.Conversations;

/// <summary>
/// What each waiting session was last told of its place (rule 8), so that a position is pushed once per
/// change: with several nodes, whichever node notices the change, and only one of them.
/// </summary>
public interface IQueuePositionLedger
{
    /// <summary>
    /// Given a line's current positions, records them and returns those that differ from what was last
    /// recorded for the same session in that line; sessions no longer in it are forgotten.
    /// </summary>
    ValueTask<IReadOnlyList<QueuePosition>> TakeChangesAsync(int tenantId, WaitingLineKey line, IReadOnlyList<QueuePosition> current, CancellationToken cancellationToken);
}
