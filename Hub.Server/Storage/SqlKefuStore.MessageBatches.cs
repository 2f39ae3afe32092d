using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;

namespace KefuHub.Server.Storage;

/// <summary>
/// Message appends by group commit (<see cref="GroupCommitQueue{TItem}"/>). Callers queue their message and
/// wait; one writer at a time takes everything queued (up to <see cref="MaxMessagesPerBatch"/>) and stores it
/// in one transaction with a handful of statements, then answers each caller. A message is acknowledged only after the commit
/// that holds it (SQLite <c>synchronous=FULL</c>, PostgreSQL's default commit), but one commit, the
/// costly part, serves every message that arrived while the previous one ran.
/// </summary>
internal sealed partial class SqlKefuStore
{
    private const int MaxMessagesPerBatch = 256;

    // A batch that meets a stored copy of one of its client message ids is written again, looking for repeats;
    // a concurrent writer (another node) may store one between that look and the insert.
    private const int MaxBatchAttempts = 4;

    private static readonly string QualifiedMessageColumns = string.Join(", ", MessageColumns.Split(", ").Select(c => "m." + c));

    private GroupCommitQueue<PendingAppend>? _appends;

    public async ValueTask<AppendMessageResult> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        cancellationToken.ThrowIfCancellationRequested();
        var pending = new PendingAppend(message);
        var appends = LazyInitializer.EnsureInitialized(ref _appends, () => new GroupCommitQueue<PendingAppend>(MaxMessagesPerBatch, WriteBatchAsync));
        if (appends.Enqueue(pending))
        {
            _ = Task.Run(() => appends.RunRoundsAsync(), CancellationToken.None);
        }

        // A caller that gives up still has its message stored; a retry with its client message id gets the same seq.
        var result = await pending.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (result.Duplicate)
        {
            StorageLog.DuplicateMessage(logger, result.Message.TenantId, result.Message.ServiceSessionId, result.Message.ClientMessageId!);
        }

        return result;
    }

    private async Task WriteBatchAsync(List<PendingAppend> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Repeats of stored messages are rare (a client resending after a reconnect): the first attempt
                // does not look for them, and the unique index on the client message id sends it back here.
                var lookUpRepeats = attempt > 1;
                var outcomes = await WriteAsync((connection, transaction) => AppendBatchAsync(connection, transaction, batch, lookUpRepeats, CancellationToken.None), WritePriority.Serial, CancellationToken.None)
                    .ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (outcomes[i].Error is { } error)
                    {
                        batch[i].Completion.TrySetException(error);
                    }
                    else
                    {
                        batch[i].Completion.TrySetResult(outcomes[i].Result!);
                    }
                }

                return;
            }
            catch (DbException exception) when (attempt < MaxBatchAttempts && dialect.IsUniqueViolation(exception))
            {
                // A client message id stored before, or by another writer after we looked: look (again).
            }
            catch (Exception) when (batch.Count > 1)
            {
                // Whatever one message did must not fail the others: each alone, so only it fails.
                foreach (var pending in batch)
                {
                    await WriteBatchAsync([pending]).ConfigureAwait(false);
                }

                return;
            }
            catch (Exception exception)
            {
                batch[0].Completion.TrySetException(exception);
                return;
            }
        }
    }

    /// <summary>
    /// Stores a batch: repeats (within the batch or of stored messages) get the stored message; each session's
    /// new messages take consecutive seqs in one update of its row (which on PostgreSQL also orders
    /// concurrent writers of that session), then all rows go in by multi-row inserts.
    /// </summary>
    private async Task<(AppendMessageResult? Result, Exception? Error)[]> AppendBatchAsync(
        DbConnection connection, DbTransaction transaction, List<PendingAppend> batch, bool lookUpRepeats, CancellationToken cancellationToken)
    {
        var outcomes = new (AppendMessageResult? Result, Exception? Error)[batch.Count];

        // The first of each key in the batch is the one that may be stored; later copies repeat it.
        var firstOfKey = new Dictionary<(int, string, MessageSender, string), int>();
        var repeatOf = new int[batch.Count];
        for (var i = 0; i < batch.Count; i++)
        {
            repeatOf[i] = -1;
            if (batch[i].Key is { } key && !firstOfKey.TryAdd(key, i))
            {
                repeatOf[i] = firstOfKey[key];
            }
        }

        var storedEarlier = lookUpRepeats
            ? await FindStoredAsync(connection, transaction, [.. firstOfKey.Keys], cancellationToken).ConfigureAwait(false)
            : [];
        var fresh = new List<int>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            if (repeatOf[i] >= 0)
            {
                continue;
            }

            if (batch[i].Key is { } key && storedEarlier.TryGetValue(key, out var stored))
            {
                outcomes[i] = (new AppendMessageResult(stored, Duplicate: true), null);
            }
            else
            {
                fresh.Add(i);
            }
        }

        // Each session's new messages take consecutive seqs; one statement bumps many sessions' rows.
        var records = new List<MessageRecord>(fresh.Count);
        var tenantsWithWebhooks = new HashSet<int>();
        var bySession = fresh.GroupBy(i => (batch[i].Message.TenantId, batch[i].Message.ServiceSessionId))
            .OrderBy(g => g.Key.TenantId).ThenBy(g => g.Key.ServiceSessionId, StringComparer.Ordinal)
            .Select(g => (g.Key.TenantId, g.Key.ServiceSessionId, Indexes: g.ToList()))
            .ToList();
        foreach (var chunk in bySession.Chunk(dialect.MaxRowsPerStatement))
        {
            var bumped = await BumpSeqsAsync(connection, transaction, chunk, batch, cancellationToken).ConfigureAwait(false);
            foreach (var (tenantId, serviceSessionId, indexes) in chunk)
            {
                if (!bumped.TryGetValue((tenantId, serviceSessionId), out var row))
                {
                    var missing = new KeyNotFoundException($"Tenant {tenantId} has no session {serviceSessionId}.");
                    indexes.ForEach(i => outcomes[i] = (null, missing));
                    continue;
                }

                if (row.TenantHasWebhook)
                {
                    tenantsWithWebhooks.Add(tenantId);
                }

                var seq = row.LastSeq - indexes.Count;
                foreach (var i in indexes)
                {
                    var record = ToRecord(batch[i].Message, ++seq);
                    records.Add(record);
                    outcomes[i] = (new AppendMessageResult(record, Duplicate: false), null);
                }
            }
        }

        foreach (var chunk in records.Chunk(dialect.MaxRowsPerStatement))
        {
            await InsertMessagesAsync(connection, transaction, chunk, cancellationToken).ConfigureAwait(false);
        }

        foreach (var tenant in records.Where(r => tenantsWithWebhooks.Contains(r.TenantId)).GroupBy(r => r.TenantId))
        {
            foreach (var record in tenant.OrderBy(r => r.ServiceSessionId, StringComparer.Ordinal).ThenBy(r => r.Seq))
            {
                await EnqueueMessageEventAsync(connection, transaction, record, cancellationToken).ConfigureAwait(false);
            }
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (repeatOf[i] >= 0)
            {
                var first = outcomes[repeatOf[i]];
                outcomes[i] = first.Result is { } result ? (result with { Duplicate = true }, null) : first;
            }
        }

        return outcomes;
    }

    /// <summary>
    /// Adds each session's count of new messages to its <c>last_seq</c> (and sets <c>agent_last_message_at</c>
    /// for agents' messages) in one statement; on PostgreSQL the update also locks the rows until commit,
    /// which orders concurrent writers of one session. Sessions missing from the answer do not exist.
    /// Each row also says whether its tenant has a webhook, which saves a statement (a round trip on
    /// PostgreSQL) per batch.
    /// </summary>
    private static async Task<Dictionary<(int, string), (long LastSeq, bool TenantHasWebhook)>> BumpSeqsAsync(
        DbConnection connection, DbTransaction transaction, (int TenantId, string ServiceSessionId, List<int> Indexes)[] sessions, List<PendingAppend> batch, CancellationToken cancellationToken)
    {
        var counts = new StringBuilder();
        var agentTimes = new StringBuilder();
        var where = new StringBuilder();
        var parameters = new DynamicParameters();
        for (var k = 0; k < sessions.Length; k++)
        {
            var (tenantId, serviceSessionId, indexes) = sessions[k];
            var match = $"tenant_id = @t{k} AND service_session_id = @s{k}";
            counts.Append(CultureInfo.InvariantCulture, $" WHEN {match} THEN @n{k}");
            agentTimes.Append(CultureInfo.InvariantCulture, $" WHEN {match} THEN @a{k}");
            where.Append(k == 0 ? "" : " OR ").Append(CultureInfo.InvariantCulture, $"({match})");
            parameters.Add($"t{k}", tenantId, DbType.Int32);
            parameters.Add($"s{k}", serviceSessionId, DbType.String);
            parameters.Add($"n{k}", (long)indexes.Count, DbType.Int64);
            var agentMessageAt = indexes.Where(i => batch[i].Message.From == MessageSender.Agent).Select(i => (DateTimeOffset?)batch[i].Message.CreatedAt).Max();
            parameters.Add($"a{k}", Millis(agentMessageAt), DbType.Int64);
        }

        var sql = $"""
            UPDATE sessions SET last_seq = last_seq + (CASE{counts} END),
                agent_last_message_at = COALESCE(CASE{agentTimes} END, agent_last_message_at)
            WHERE {where}
            RETURNING tenant_id, service_session_id, last_seq,
                CASE WHEN EXISTS (SELECT 1 FROM webhooks w WHERE w.tenant_id = sessions.tenant_id) THEN 1 ELSE 0 END AS has_webhook
            """;
        var rows = await QueryAsync(
            connection,
            Command(sql, parameters, transaction, cancellationToken),
            reader => (reader.Int32("tenant_id"), reader.String("service_session_id"), reader.Int64("last_seq"), reader.Int32("has_webhook") == 1)).ConfigureAwait(false);
        return rows.ToDictionary(r => (r.Item1, r.Item2), r => (r.Item3, r.Item4));
    }

    private static MessageRecord ToRecord(NewMessage message, long seq) => new()
    {
        TenantId = message.TenantId,
        ServiceSessionId = message.ServiceSessionId,
        MessageId = message.MessageId,
        Seq = seq,
        ClientMessageId = message.ClientMessageId,
        From = message.From,
        SenderId = message.SenderId,
        Type = message.Type,
        Text = message.Text,
        Url = message.Url,
        Ext = message.Ext,
        // As stored (millisecond precision), so a repeat returns an identical record.
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(message.CreatedAt.ToUnixTimeMilliseconds()),
    };

    /// <summary>The stored messages with any of these keys (tenant, session, sender, client message id).</summary>
    private async Task<Dictionary<(int, string, MessageSender, string), MessageRecord>> FindStoredAsync(
        DbConnection connection, DbTransaction transaction, List<(int TenantId, string ServiceSessionId, MessageSender From, string ClientMessageId)> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(int, string, MessageSender, string), MessageRecord>();
        foreach (var chunk in keys.Chunk(dialect.MaxRowsPerStatement))
        {
            // A join with the keys as a VALUES list, not a chain of ORs: PostgreSQL planned those as a scan of
            // the whole messages table (65 ms a batch at 60,000 messages); this is an index lookup per key on both.
            var sql = new StringBuilder($"SELECT {QualifiedMessageColumns} FROM (VALUES ");
            var parameters = new DynamicParameters();
            for (var i = 0; i < chunk.Length; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@t{i}, @s{i}, @f{i}, @c{i})");
                parameters.Add($"t{i}", chunk[i].TenantId, DbType.Int32);
                parameters.Add($"s{i}", chunk[i].ServiceSessionId, DbType.String);
                parameters.Add($"f{i}", (int)chunk[i].From, DbType.Int32);
                parameters.Add($"c{i}", chunk[i].ClientMessageId, DbType.String);
            }

            sql.Append("""
                ) AS k JOIN messages m ON m.tenant_id = k.column1 AND m.service_session_id = k.column2
                    AND m.sender = k.column3 AND m.client_message_id = k.column4
                """);
            foreach (var message in await QueryAsync(connection, Command(sql.ToString(), parameters, transaction, cancellationToken), ReadMessage).ConfigureAwait(false))
            {
                found[(message.TenantId, message.ServiceSessionId, message.From, message.ClientMessageId!)] = message;
            }
        }

        return found;
    }

    private static Task<int> InsertMessagesAsync(DbConnection connection, DbTransaction transaction, MessageRecord[] records, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder($"INSERT INTO messages ({MessageColumns}) VALUES ");
        var parameters = new DynamicParameters();
        for (var i = 0; i < records.Length; i++)
        {
            var r = records[i];
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture,
                $"(@t{i}, @s{i}, @q{i}, @m{i}, @c{i}, @f{i}, @u{i}, @y{i}, @x{i}, @l{i}, @e{i}, @a{i})");
            parameters.Add($"t{i}", r.TenantId);
            parameters.Add($"s{i}", r.ServiceSessionId);
            parameters.Add($"q{i}", r.Seq, DbType.Int64);
            parameters.Add($"m{i}", r.MessageId);
            parameters.Add($"c{i}", r.ClientMessageId, DbType.String);
            parameters.Add($"f{i}", (int)r.From);
            parameters.Add($"u{i}", r.SenderId, DbType.String);
            parameters.Add($"y{i}", r.Type);
            parameters.Add($"x{i}", r.Text, DbType.String);
            parameters.Add($"l{i}", r.Url, DbType.String);
            parameters.Add($"e{i}", r.Ext, DbType.String);
            parameters.Add($"a{i}", Millis(r.CreatedAt), DbType.Int64);
        }

        return connection.ExecuteAsync(Command(sql.ToString(), parameters, transaction, cancellationToken));
    }
}
