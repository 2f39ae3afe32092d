using System.Data.Common;
using System.Text.Json;
using Dapper;
using KefuHub.Routing;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore
{
    private const string SessionColumns = """
        tenant_id, service_session_id, visitor_id, state, queue_id, agent_user_id, specified_agent_user_id, origin_type,
        created_at, started_at, stopped_at, transferred, end_reason, summary_ids, comment, enquiry_summary, enquiry_detail,
        enquiry_tags, last_seq, agent_last_message_at
        """;

    private const string MessageColumns = "tenant_id, service_session_id, seq, message_id, client_message_id, sender, sender_id, type, text, url, ext, created_at";

    // Wait and Processing; the partial indexes of the migrations use the same literals.
    private const string OpenStates = "state IN (0, 1)";

    public async ValueTask UpsertSessionAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await WriteAsync(
            async (connection, transaction) =>
            {
                var prior = await ReadPriorSessionAsync(connection, transaction, session, cancellationToken).ConfigureAwait(false);
                var stored = await QueryFirstOrDefaultAsync(connection, Command(
                    $"""
                    INSERT INTO sessions ({SessionColumns})
                    VALUES (@TenantId, @ServiceSessionId, @VisitorId, @state, @QueueId, @AgentUserId, @SpecifiedAgentUserId, @OriginType,
                            @createdAt, @startedAt, @stoppedAt, @Transferred, @EndReason, @summaryIds, @Comment, @EnquirySummary, @EnquiryDetail,
                            @enquiryTags, @LastSeq, @agentLastMessageAt)
                    ON CONFLICT (tenant_id, service_session_id) DO UPDATE SET
                        visitor_id = excluded.visitor_id, state = excluded.state, queue_id = excluded.queue_id,
                        agent_user_id = CASE WHEN excluded.state IN (2, 3) THEN COALESCE(excluded.agent_user_id, sessions.agent_user_id)
                                             ELSE excluded.agent_user_id END,
                        specified_agent_user_id = COALESCE(excluded.specified_agent_user_id, sessions.specified_agent_user_id),
                        origin_type = excluded.origin_type, created_at = excluded.created_at,
                        started_at = COALESCE(sessions.started_at, excluded.started_at),
                        stopped_at = excluded.stopped_at, transferred = (sessions.transferred OR excluded.transferred),
                        end_reason = excluded.end_reason
                    RETURNING {SessionColumns}
                    """,
                    new
                    {
                        session.TenantId,
                        session.ServiceSessionId,
                        session.VisitorId,
                        state = (int)session.State,
                        session.QueueId,
                        session.AgentUserId,
                        session.SpecifiedAgentUserId,
                        session.OriginType,
                        createdAt = Millis(session.CreatedAt),
                        startedAt = Millis(session.StartedAt),
                        stoppedAt = Millis(session.StoppedAt),
                        session.Transferred,
                        session.EndReason,
                        summaryIds = JsonSerializer.Serialize(session.SummaryIds, StorageJsonContext.Default.IReadOnlyListInt32),
                        session.Comment,
                        session.EnquirySummary,
                        session.EnquiryDetail,
                        enquiryTags = JsonSerializer.Serialize(session.EnquiryTags, StorageJsonContext.Default.IReadOnlyListString),
                        session.LastSeq,
                        agentLastMessageAt = Millis(session.AgentLastMessageAt),
                    },
                    transaction,
                    cancellationToken),
                    ReadSession).ConfigureAwait(false);
                if (prior is not null)
                {
                    await EnqueueSessionEventsAsync(connection, transaction, stored!, prior, cancellationToken).ConfigureAwait(false);
                }

                return 0;
            },
            cancellationToken).ConfigureAwait(false);
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

    public ValueTask<SessionRecord?> FindOpenSessionAsync(int tenantId, string visitorId, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => QueryFirstOrDefaultAsync(
                connection,
                Command(
                    $"SELECT {SessionColumns} FROM sessions WHERE tenant_id = @tenantId AND visitor_id = @visitorId AND {OpenStates} ORDER BY created_at DESC LIMIT 1",
                    new { tenantId, visitorId },
                    null,
                    cancellationToken),
                ReadSession),
            cancellationToken);

    public ValueTask<IReadOnlyList<SessionRecord>> ListOpenSessionsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<SessionRecord>>(
            async connection => await QueryAsync(
                connection,
                Command($"SELECT {SessionColumns} FROM sessions WHERE {OpenStates} ORDER BY tenant_id, created_at", null, null, cancellationToken),
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

    public async ValueTask<AppendMessageResult> AppendMessageAsync(NewMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            var result = await WriteAsync(
                async (connection, transaction) =>
                {
                    var appended = await AppendAsync(connection, transaction, message, cancellationToken).ConfigureAwait(false);
                    if (!appended.Duplicate)
                    {
                        await EnqueueMessageEventAsync(connection, transaction, appended.Message, cancellationToken).ConfigureAwait(false);
                    }

                    return appended;
                },
                static result => !result.Duplicate, // A duplicate gives its seq back by rolling back.
                cancellationToken).ConfigureAwait(false);
            return result.Duplicate ? LogDuplicate(result.Message) : result;
        }
        catch (DbException exception) when (message.ClientMessageId is not null && dialect.IsUniqueViolation(exception))
        {
            // The session row lock makes this unlikely; should two appends of one client message id still meet, the loser reads the winner's.
            var stored = await ReadAsync(connection => FindByClientMessageIdAsync(connection, null, message, cancellationToken), cancellationToken).ConfigureAwait(false);
            return stored is null ? throw new InvalidOperationException("A unique key of messages was violated by a message that is not stored.", exception) : LogDuplicate(stored);
        }
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

    /// <summary>
    /// Takes the next seq by updating the session row first: that row lock orders concurrent appends to one
    /// session (on SQLite the write lock does), so the duplicate check that follows sees every earlier commit.
    /// A duplicate is returned uncommitted, which gives its seq back.
    /// </summary>
    private static async Task<AppendMessageResult> AppendAsync(DbConnection connection, DbTransaction transaction, NewMessage message, CancellationToken cancellationToken)
    {
        var seq = await connection.ExecuteScalarAsync<long?>(Command(
            """
            UPDATE sessions SET last_seq = last_seq + 1, agent_last_message_at = COALESCE(@agentMessageAt, agent_last_message_at)
            WHERE tenant_id = @TenantId AND service_session_id = @ServiceSessionId
            RETURNING last_seq
            """,
            new { message.TenantId, message.ServiceSessionId, agentMessageAt = message.From == MessageSender.Agent ? Millis(message.CreatedAt) : null },
            transaction,
            cancellationToken)).ConfigureAwait(false)
            ?? throw new KeyNotFoundException($"Tenant {message.TenantId} has no session {message.ServiceSessionId}.");

        if (message.ClientMessageId is not null)
        {
            var stored = await FindByClientMessageIdAsync(connection, transaction, message, cancellationToken).ConfigureAwait(false);
            if (stored is not null)
            {
                return new AppendMessageResult(stored, Duplicate: true);
            }
        }

        var record = new MessageRecord
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
            // As stored (millisecond precision), so a repeat of this call returns an identical record.
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(message.CreatedAt.ToUnixTimeMilliseconds()),
        };
        await connection.ExecuteAsync(Command(
            $"""
            INSERT INTO messages ({MessageColumns})
            VALUES (@TenantId, @ServiceSessionId, @Seq, @MessageId, @ClientMessageId, @sender, @SenderId, @Type, @Text, @Url, @Ext, @createdAt)
            """,
            new
            {
                record.TenantId,
                record.ServiceSessionId,
                record.Seq,
                record.MessageId,
                record.ClientMessageId,
                sender = (int)record.From,
                record.SenderId,
                record.Type,
                record.Text,
                record.Url,
                record.Ext,
                createdAt = Millis(record.CreatedAt),
            },
            transaction,
            cancellationToken)).ConfigureAwait(false);
        return new AppendMessageResult(record, Duplicate: false);
    }

    private AppendMessageResult LogDuplicate(MessageRecord stored)
    {
        StorageLog.DuplicateMessage(logger, stored.TenantId, stored.ServiceSessionId, stored.ClientMessageId!);
        return new AppendMessageResult(stored, Duplicate: true);
    }

    private static Task<MessageRecord?> FindByClientMessageIdAsync(DbConnection connection, DbTransaction? transaction, NewMessage message, CancellationToken cancellationToken) =>
        QueryFirstOrDefaultAsync(
            connection,
            Command(
                $"""
                SELECT {MessageColumns} FROM messages
                WHERE tenant_id = @TenantId AND service_session_id = @ServiceSessionId AND client_message_id = @ClientMessageId
                """,
                new { message.TenantId, message.ServiceSessionId, message.ClientMessageId },
                transaction,
                cancellationToken),
            ReadMessage);

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
