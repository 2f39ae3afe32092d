namespace KefuHub.Server.Storage;

public interface IQueueStore
{
    ValueTask<IReadOnlyList<QueueRecord>> ListQueuesAsync(int tenantId, CancellationToken cancellationToken);

    ValueTask<QueueRecord?> GetQueueAsync(int tenantId, int queueId, CancellationToken cancellationToken);

    /// <summary>Creates a queue with the next free id of the tenant.</summary>
    ValueTask<QueueRecord> CreateQueueAsync(int tenantId, string queueName, IReadOnlyList<string> agentUserIds, CancellationToken cancellationToken);

    /// <summary>Replaces the queue's name and members; false when it does not exist.</summary>
    ValueTask<bool> UpdateQueueAsync(QueueRecord queue, CancellationToken cancellationToken);

    ValueTask<bool> DeleteQueueAsync(int tenantId, int queueId, CancellationToken cancellationToken);
}
