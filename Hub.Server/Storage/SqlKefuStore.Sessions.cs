using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using KefuHub.Routing;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore
{
    private BatchingReader<(int TenantId, string VisitorId), SessionRecord>? _openSessionLookups;

    private const string SessionColumns = """
        tenant_id, service_session_id, visitor_id, state, queue_id, agent_user_id, specified_agent_user_id, origin_type,
        created_at, started_at, stopped_at, transferred, end_reason, summary_ids, comment, enquiry_summary, enquiry_detail,
        enquiry_tags, last_seq, agent_last_message_at, routing_version, rating_invited
        """;

    private const string MessageColumns = "tenant_id, service_session_id, seq, message_id, client_message_id, sender, sender_id, type, text, url, ext, created_at";

    // Wait, Processing and Robot: one of these per visitor (the unique partial index of migration 007 uses the same literals).
    private const string OpenStates = "state IN (0, 1, 4)";

    // Wait and Processing: the sessions routing holds.
    private const string RoutedStates = "state IN (0, 1)";

    public async ValueTask UpsertSessionAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        if ((await UpsertSessionsAsync([session], cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            throw new VisitorHasOpenSessionException(session.TenantId, session.VisitorId, session.ServiceSessionId);
        }
    }

    /// <remarks>
    /// One transaction for all (routing publishes a tenant's events in batches). The unique index on open
    /// sessions by visitor refuses a second open one; then the batch is written again with a savepoint
    /// per session, so only the refused ones are left out.
    /// </remarks>
    public async ValueTask<IReadOnlyList<string>> UpsertSessionsAsync(IReadOnlyList<SessionRecord> sessions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        if (sessions.Count == 0)
        {
            return [];
        }

        try
        {
            await WriteAsync(
                async (connection, transaction) =>
                {
                    await UpsertSessionBatchAsync(connection, transaction, sessions, cancellationToken).ConfigureAwait(false);
                    return 0;
                },
                WritePriority.Serial,
                cancellationToken).ConfigureAwait(false);
            return [];
        }
        catch (DbException exception) when (dialect.IsUniqueViolation(exception))
        {
            return await WriteAsync<IReadOnlyList<string>>(
                async (connection, transaction) =>
                {
                    const string Savepoint = "upsert_session";
                    var refused = new List<string>();
                    foreach (var session in sessions)
                    {
                        await transaction.SaveAsync(Savepoint, cancellationToken).ConfigureAwait(false);
                        try
                        {
                            await UpsertOneSessionAsync(connection, transaction, session, cancellationToken).ConfigureAwait(false);
                        }
                        catch (DbException refusal) when (dialect.IsUniqueViolation(refusal))
                        {
                            await transaction.RollbackAsync(Savepoint, cancellationToken).ConfigureAwait(false);
                            refused.Add(session.ServiceSessionId);
                        }

                        await transaction.ReleaseAsync(Savepoint, cancellationToken).ConfigureAwait(false);
                    }

                    return refused;
                },
                WritePriority.Serial,
                cancellationToken).ConfigureAwait(false);
        }
    }

    // A change arriving after a newer one of the same session (projected by another node first) is left out.
    private const string SessionUpsertConflict = """
        ON CONFLICT (tenant_id, service_session_id) DO UPDATE SET
            visitor_id = excluded.visitor_id, state = excluded.state, queue_id = excluded.queue_id,
            agent_user_id = CASE WHEN excluded.state IN (2, 3) THEN COALESCE(excluded.agent_user_id, sessions.agent_user_id)
                                 ELSE excluded.agent_user_id END,
            specified_agent_user_id = COALESCE(excluded.specified_agent_user_id, sessions.specified_agent_user_id),
            origin_type = excluded.origin_type, created_at = excluded.created_at,
            started_at = COALESCE(sessions.started_at, excluded.started_at),
            stopped_at = excluded.stopped_at, transferred = (sessions.transferred OR excluded.transferred),
            end_reason = excluded.end_reason, routing_version = excluded.routing_version,
            rating_invited = (sessions.rating_invited OR excluded.rating_invited)
        WHERE sessions.routing_version <= excluded.routing_version
        """;

    /// <summary>
    /// Writes a round of session changes with few statements: multi-row upserts, each holding a session at
    /// most once (a later change of it goes into the next statement, so it still wins), and the agents they
    /// passed through. Tenants with webhooks need each session's prior state for their events: theirs go one by one.
    /// </summary>
    private async Task UpsertSessionBatchAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SessionRecord> sessions, CancellationToken cancellationToken)
    {
        var hooked = new Dictionary<int, bool>();
        var chunk = new List<SessionRecord>(dialect.MaxRowsPerStatement);
        var inChunk = new HashSet<(int, string)>();
        foreach (var session in sessions)
        {
            if (!hooked.TryGetValue(session.TenantId, out var hasWebhook))
            {
                hooked[session.TenantId] = hasWebhook = await HasWebhookAsync(connection, transaction, session.TenantId, cancellationToken).ConfigureAwait(false);
            }

            if (hasWebhook || chunk.Count == dialect.MaxRowsPerStatement || inChunk.Contains((session.TenantId, session.ServiceSessionId)))
            {
                await UpsertSessionRowsAsync(connection, transaction, chunk, cancellationToken).ConfigureAwait(false);
                chunk.Clear();
                inChunk.Clear();
            }

            if (hasWebhook)
            {
                await UpsertOneSessionAsync(connection, transaction, session, cancellationToken).ConfigureAwait(false);
                continue;
            }

            chunk.Add(session);
            inChunk.Add((session.TenantId, session.ServiceSessionId));
        }

        await UpsertSessionRowsAsync(connection, transaction, chunk, cancellationToken).ConfigureAwait(false);
    }

    private static async Task UpsertSessionRowsAsync(DbConnection connection, DbTransaction transaction, List<SessionRecord> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var parameters = new DynamicParameters();
        var values = string.Join(", ", rows.Select((session, i) => AddSessionParameters(parameters, i, session)));
        await connection.ExecuteAsync(Command(
            $"INSERT INTO sessions ({SessionColumns}) VALUES {values} {SessionUpsertConflict}", parameters, transaction, cancellationToken)).ConfigureAwait(false);
        await InsertSessionAgentsAsync(connection, transaction, rows, cancellationToken).ConfigureAwait(false);
    }

    private async Task UpsertOneSessionAsync(DbConnection connection, DbTransaction transaction, SessionRecord session, CancellationToken cancellationToken)
    {
        var prior = await ReadPriorSessionAsync(connection, transaction, session, cancellationToken).ConfigureAwait(false);
        var parameters = new DynamicParameters();
        var values = AddSessionParameters(parameters, 0, session);
        var stored = await QueryFirstOrDefaultAsync(
            connection,
            Command($"INSERT INTO sessions ({SessionColumns}) VALUES {values} {SessionUpsertConflict} RETURNING {SessionColumns}", parameters, transaction, cancellationToken),
            ReadSession).ConfigureAwait(false);
        await InsertSessionAgentsAsync(connection, transaction, [session], cancellationToken).ConfigureAwait(false);
        if (stored is not null && prior is not null)
        {
            await EnqueueSessionEventsAsync(connection, transaction, stored, prior, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Every agent a session passes through, at its first assignment (history's agentUserSet), even from a
    /// projection that arrives after a newer change: that agent did serve it.
    /// </summary>
    private static async Task InsertSessionAgentsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<SessionRecord> sessions, CancellationToken cancellationToken)
    {
        var served = sessions.Where(s => s.AgentUserId is not null).ToList();
        if (served.Count == 0)
        {
            return;
        }

        var parameters = new DynamicParameters();
        var values = new StringBuilder();
        for (var i = 0; i < served.Count; i++)
        {
            values.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"(@t{i}, @s{i}, @a{i}, @f{i})");
            parameters.Add($"t{i}", served[i].TenantId, DbType.Int32);
            parameters.Add($"s{i}", served[i].ServiceSessionId, DbType.String);
            parameters.Add($"a{i}", served[i].AgentUserId, DbType.String);
            parameters.Add($"f{i}", Millis(served[i].StartedAt ?? served[i].CreatedAt), DbType.Int64);
        }

        await connection.ExecuteAsync(Command(
            $"""
            INSERT INTO session_agents (tenant_id, service_session_id, agent_user_id, first_assigned_at) VALUES {values}
            ON CONFLICT (tenant_id, service_session_id, agent_user_id) DO NOTHING
            """,
            parameters,
            transaction,
            cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Adds one session row's parameters, suffixed with <paramref name="row"/>, and answers its VALUES tuple.</summary>
    private static string AddSessionParameters(DynamicParameters parameters, int row, SessionRecord session)
    {
        var names = new List<string>(22);
        void Add(string name, object? value, DbType type)
        {
            var suffixed = string.Create(CultureInfo.InvariantCulture, $"{name}{row}");
            parameters.Add(suffixed, value, type);
            names.Add("@" + suffixed);
        }

        Add("tenant", session.TenantId, DbType.Int32);
        Add("sid", session.ServiceSessionId, DbType.String);
        Add("visitor", session.VisitorId, DbType.String);
        Add("state", (int)session.State, DbType.Int32);
        Add("queue", session.QueueId, DbType.Int32);
        Add("agent", session.AgentUserId, DbType.String);
        Add("specified", session.SpecifiedAgentUserId, DbType.String);
        Add("origin", session.OriginType, DbType.String);
        Add("created", Millis(session.CreatedAt), DbType.Int64);
        Add("started", Millis(session.StartedAt), DbType.Int64);
        Add("stopped", Millis(session.StoppedAt), DbType.Int64);
        Add("transferred", session.Transferred, DbType.Boolean);
        Add("endReason", session.EndReason, DbType.String);
        Add("summaryIds", JsonSerializer.Serialize(session.SummaryIds, StorageJsonContext.Default.IReadOnlyListInt32), DbType.String);
        Add("comment", session.Comment, DbType.String);
        Add("enquirySummary", session.EnquirySummary, DbType.Int32);
        Add("enquiryDetail", session.EnquiryDetail, DbType.String);
        Add("enquiryTags", JsonSerializer.Serialize(session.EnquiryTags, StorageJsonContext.Default.IReadOnlyListString), DbType.String);
        Add("lastSeq", session.LastSeq, DbType.Int64);
        Add("agentMessageAt", Millis(session.AgentLastMessageAt), DbType.Int64);
        Add("version", session.RoutingVersion, DbType.Int64);
        Add("ratingInvited", session.RatingInvited, DbType.Boolean);
        return $"({string.Join(", ", names)})";
    }

    public ValueTask<SessionRecord?> GetSessionAsync(int tenantId, string serviceSessionId, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => QueryFirstOrDefaultAsync(
                connection,
                Command(
                    $"SELECT {SessionColumns} FROM sessions WHERE tenant_id = @tenantId AND service_session_id = @serviceSessionId",
                    new { tenantId, serviceSessionId },
                    null,
                    cancellationToken),
                ReadSession),
            cancellationToken);

    /// <summary>Every StartSession asks this first: concurrent calls share reads (<see cref="BatchingReader{TKey, TValue}"/>).</summary>
    public ValueTask<SessionRecord?> FindOpenSessionAsync(int tenantId, string visitorId, CancellationToken cancellationToken) =>
        LazyInitializer.EnsureInitialized(ref _openSessionLookups, () => new(ReadOpenSessionsAsync, maxKeysPerRead: 256, maxReadsInFlight: 4))
            .ReadAsync((tenantId, visitorId), cancellationToken);

    private async Task<IReadOnlyDictionary<(int TenantId, string VisitorId), SessionRecord>> ReadOpenSessionsAsync(
        IReadOnlyList<(int TenantId, string VisitorId)> keys, CancellationToken cancellationToken)
    {
        var found = new Dictionary<(int TenantId, string VisitorId), SessionRecord>(keys.Count);
        await ReadAsync(
            async connection =>
            {
                foreach (var chunk in keys.GroupBy(k => k.TenantId).SelectMany(tenant => tenant.Chunk(VisitorsPerStatement)))
                {
                    var rows = await QueryAsync(
                        connection,
                        TenantVisitorsCommand($"SELECT {SessionColumns} FROM sessions WHERE {{visitors}} AND {OpenStates}", chunk[0].TenantId, [.. chunk.Select(k => k.VisitorId)], cancellationToken),
                        ReadSession).ConfigureAwait(false);
                    foreach (var session in rows)
                    {
                        // One open session per visitor (a unique index); rows from before it: the newest.
                        var key = (session.TenantId, session.VisitorId);
                        if (!found.TryGetValue(key, out var other) || other.CreatedAt < session.CreatedAt)
                        {
                            found[key] = session;
                        }
                    }
                }

                return found;
            },
            cancellationToken).ConfigureAwait(false);
        return found;
    }

    public ValueTask<IReadOnlyList<SessionRecord>> ListOpenSessionsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<SessionRecord>>(
            async connection => await QueryAsync(
                connection,
                Command($"SELECT {SessionColumns} FROM sessions WHERE {RoutedStates} ORDER BY tenant_id, created_at", null, null, cancellationToken),
                ReadSession).ConfigureAwait(false),
            cancellationToken);

    public ValueTask<IReadOnlyList<SessionRecord>> ListSessionsByAgentAsync(int tenantId, string agentUserId, SessionState state, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<SessionRecord>>(
            async connection => await QueryAsync(
                connection,
                Command(
                    $"SELECT {SessionColumns} FROM sessions WHERE tenant_id = @tenantId AND agent_user_id = @agentUserId AND state = @state ORDER BY created_at",
                    new { tenantId, agentUserId, state = (int)state },
                    null,
                    cancellationToken),
                ReadSession).ConfigureAwait(false),
            cancellationToken);

    /// <remarks>Does nothing when the session does not exist.</remarks>
    public async ValueTask SetSummaryAsync(int tenantId, string serviceSessionId, IReadOnlyList<int> summaryIds, string? comment, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(summaryIds);
        await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "UPDATE sessions SET summary_ids = @summaryIds, comment = @comment WHERE tenant_id = @tenantId AND service_session_id = @serviceSessionId",
                new { tenantId, serviceSessionId, summaryIds = JsonSerializer.Serialize(summaryIds, StorageJsonContext.Default.IReadOnlyListInt32), comment },
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>Does nothing when the session does not exist.</remarks>
    public async ValueTask SetRatingAsync(int tenantId, string serviceSessionId, int score, string? detail, IReadOnlyList<string> tags, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tags);
        await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                """
                UPDATE sessions SET enquiry_summary = @score, enquiry_detail = @detail, enquiry_tags = @tags
                WHERE tenant_id = @tenantId AND service_session_id = @serviceSessionId
                """,
                new { tenantId, serviceSessionId, score, detail, tags = JsonSerializer.Serialize(tags, StorageJsonContext.Default.IReadOnlyListString) },
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <remarks>Does nothing when the session does not exist.</remarks>
    public async ValueTask SetRatingInvitedAsync(int tenantId, string serviceSessionId, CancellationToken cancellationToken)
    {
        await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "UPDATE sessions SET rating_invited = @invited WHERE tenant_id = @tenantId AND service_session_id = @serviceSessionId",
                new { tenantId, serviceSessionId, invited = true },
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<IReadOnlyList<MessageRecord>> GetMessagesAsync(int tenantId, string serviceSessionId, long afterSeq, int size, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<MessageRecord>>(
            async connection => await QueryAsync(
                connection,
                Command(
                    $"""
                    SELECT {MessageColumns} FROM messages
                    WHERE tenant_id = @tenantId AND service_session_id = @serviceSessionId AND seq > @afterSeq
                    ORDER BY seq LIMIT @size
                    """,
                    new { tenantId, serviceSessionId, afterSeq, size },
                    null,
                    cancellationToken),
                ReadMessage).ConfigureAwait(false),
            cancellationToken);

    private static SessionRecord ReadSession(DbDataReader reader) => new()
    {
        TenantId = reader.Int32("tenant_id"),
        ServiceSessionId = reader.String("service_session_id"),
        VisitorId = reader.String("visitor_id"),
        State = (SessionState)reader.Int32("state"),
        QueueId = reader.NullableInt32("queue_id"),
        AgentUserId = reader.NullableString("agent_user_id"),
        SpecifiedAgentUserId = reader.NullableString("specified_agent_user_id"),
        OriginType = reader.String("origin_type"),
        CreatedAt = reader.Time("created_at"),
        StartedAt = reader.NullableTime("started_at"),
        StoppedAt = reader.NullableTime("stopped_at"),
        Transferred = reader.Boolean("transferred"),
        EndReason = reader.NullableString("end_reason"),
        SummaryIds = JsonSerializer.Deserialize(reader.String("summary_ids"), StorageJsonContext.Default.IReadOnlyListInt32) ?? [],
        Comment = reader.NullableString("comment"),
        EnquirySummary = reader.NullableInt32("enquiry_summary"),
        EnquiryDetail = reader.NullableString("enquiry_detail"),
        EnquiryTags = JsonSerializer.Deserialize(reader.String("enquiry_tags"), StorageJsonContext.Default.IReadOnlyListString) ?? [],
        LastSeq = reader.Int64("last_seq"),
        AgentLastMessageAt = reader.NullableTime("agent_last_message_at"),
        RoutingVersion = reader.Int64("routing_version"),
        RatingInvited = reader.Boolean("rating_invited"),
    };

    private static MessageRecord ReadMessage(DbDataReader reader) => new()
    {
        TenantId = reader.Int32("tenant_id"),
        ServiceSessionId = reader.String("service_session_id"),
        Seq = reader.Int64("seq"),
        MessageId = reader.String("message_id"),
        ClientMessageId = reader.NullableString("client_message_id"),
        From = (MessageSender)reader.Int32("sender"),
        SenderId = reader.NullableString("sender_id"),
        Type = reader.String("type"),
        Text = reader.NullableString("text"),
        Url = reader.NullableString("url"),
        Ext = reader.NullableString("ext"),
        CreatedAt = reader.Time("created_at"),
    };
}
