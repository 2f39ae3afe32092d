using System.Data.Common;
using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore
{
    public ValueTask<IReadOnlyList<QueueRecord>> ListQueuesAsync(int tenantId, CancellationToken cancellationToken) =>
        ReadAsync(connection => ReadQueuesAsync(connection, tenantId, null, cancellationToken), cancellationToken);

    public async ValueTask<QueueRecord?> GetQueueAsync(int tenantId, int queueId, CancellationToken cancellationToken)
    {
        var queues = await ReadAsync(connection => ReadQueuesAsync(connection, tenantId, queueId, cancellationToken), cancellationToken).ConfigureAwait(false);
        return queues.Count == 0 ? null : queues[0];
    }

    /// <remarks>Members must be agents of the tenant; deleting an agent removes it from its queues.</remarks>
    public ValueTask<QueueRecord> CreateQueueAsync(int tenantId, string queueName, IReadOnlyList<string> agentUserIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agentUserIds);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var queueId = await NextIdAsync(connection, transaction, tenantId, "queue", cancellationToken).ConfigureAwait(false);
                await connection.ExecuteAsync(Command(
                    "INSERT INTO queues (tenant_id, queue_id, queue_name) VALUES (@tenantId, @queueId, @queueName)",
                    new { tenantId, queueId, queueName },
                    transaction,
                    cancellationToken)).ConfigureAwait(false);
                var queue = new QueueRecord { TenantId = tenantId, QueueId = queueId, QueueName = queueName, AgentUserIds = [.. agentUserIds] };
                await InsertMembersAsync(connection, transaction, queue, cancellationToken).ConfigureAwait(false);
                return queue;
            },
            cancellationToken);
    }

    public ValueTask<bool> UpdateQueueAsync(QueueRecord queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queue);
        return WriteAsync(
            async (connection, transaction) =>
            {
                var updated = await connection.ExecuteAsync(Command(
                    "UPDATE queues SET queue_name = @QueueName WHERE tenant_id = @TenantId AND queue_id = @QueueId",
                    new { queue.TenantId, queue.QueueId, queue.QueueName },
                    transaction,
                    cancellationToken)).ConfigureAwait(false);
                if (updated == 0)
                {
                    return false;
                }

                await connection.ExecuteAsync(Command(
                    "DELETE FROM queue_members WHERE tenant_id = @TenantId AND queue_id = @QueueId",
                    new { queue.TenantId, queue.QueueId },
                    transaction,
                    cancellationToken)).ConfigureAwait(false);
                await InsertMembersAsync(connection, transaction, queue, cancellationToken).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    public async ValueTask<bool> DeleteQueueAsync(int tenantId, int queueId, CancellationToken cancellationToken)
    {
        // Members go with the queue (ON DELETE CASCADE).
        var deleted = await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "DELETE FROM queues WHERE tenant_id = @tenantId AND queue_id = @queueId", new { tenantId, queueId }, transaction, cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return deleted == 1;
    }

    private static Task<int> InsertMembersAsync(DbConnection connection, DbTransaction transaction, QueueRecord queue, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(Command(
            "INSERT INTO queue_members (tenant_id, queue_id, agent_user_id, position) VALUES (@tenantId, @queueId, @agentUserId, @position)",
            queue.AgentUserIds.Distinct(StringComparer.Ordinal).Select((agentUserId, position) => new { tenantId = queue.TenantId, queueId = queue.QueueId, agentUserId, position }),
            transaction,
            cancellationToken));

    /// <summary>The tenant's queues, or only <paramref name="queueId"/>, with their members in the order they were given.</summary>
    private static async Task<IReadOnlyList<QueueRecord>> ReadQueuesAsync(DbConnection connection, int tenantId, int? queueId, CancellationToken cancellationToken)
    {
        var parameters = new { tenantId, queueId };
        var members = (await QueryAsync(
            connection,
            Command(
                """
                SELECT queue_id, agent_user_id FROM queue_members
                WHERE tenant_id = @tenantId AND (@queueId IS NULL OR queue_id = @queueId)
                ORDER BY queue_id, position
                """,
                parameters,
                null,
                cancellationToken),
            reader => (QueueId: reader.Int32("queue_id"), AgentUserId: reader.String("agent_user_id"))).ConfigureAwait(false))
            .ToLookup(m => m.QueueId, m => m.AgentUserId);
        return await QueryAsync(
            connection,
            Command(
                "SELECT queue_id, queue_name FROM queues WHERE tenant_id = @tenantId AND (@queueId IS NULL OR queue_id = @queueId) ORDER BY queue_id",
                parameters,
                null,
                cancellationToken),
            reader =>
            {
                var id = reader.Int32("queue_id");
                return new QueueRecord { TenantId = tenantId, QueueId = id, QueueName = reader.String("queue_name"), AgentUserIds = [.. members[id]] };
            }).ConfigureAwait(false);
    }
}
