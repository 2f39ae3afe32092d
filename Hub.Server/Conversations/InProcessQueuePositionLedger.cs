using KefuHub.Routing;

namespace KefuHub.Server.Conversations;

/// <summary>One node's ledger: a <see cref="QueuePositionTracker"/> per tenant.</summary>
internal sealed class InProcessQueuePositionLedger : IQueuePositionLedger
{
    private readonly Dictionary<int, QueuePositionTracker> _trackers = [];

    public ValueTask<IReadOnlyList<QueuePosition>> TakeChangesAsync(int tenantId, WaitingLineKey line, IReadOnlyList<QueuePosition> current, CancellationToken cancellationToken)
    {
        lock (_trackers)
        {
            if (!_trackers.TryGetValue(tenantId, out var tracker))
            {
                tracker = new QueuePositionTracker();
                _trackers.Add(tenantId, tracker);
            }

            return ValueTask.FromResult(tracker.Changes(line, current));
        }
    }
}
