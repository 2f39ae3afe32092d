using KefuHub.Server.Hubs.Contracts;
using System.Data.Common;
using System.Text.Json;
using Dapper;
using KefuHub.Routing;
using KefuHub.Server.Webhooks;

namespace KefuHub.Server.Storage;

/// <summary>
/// The outbox side of webhooks: session, message and leave-message writes call these inside their own
/// transaction, so an event is stored if and only if its change is. Nothing is written for tenants without a webhook.
/// </summary>
internal sealed partial class SqlKefuStore
{
    /// <summary>Before a session upsert: the stored row as it was (locked until commit), or null when the tenant has no webhook.</summary>
    private static async Task<PriorSession?> ReadPriorSessionAsync(DbConnection connection, DbTransaction transaction, SessionRecord session, CancellationToken cancellationToken)
    {
        if (!await HasWebhookAsync(connection, transaction, session.TenantId, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        // A no-op update rather than a plain read: on PostgreSQL it locks the row, so concurrent writers see changes in order.
        var rows = await QueryAsync(
            connection,
            Command(
                "UPDATE sessions SET state = state WHERE tenant_id = @TenantId AND service_session_id = @ServiceSessionId RETURNING state, agent_user_id",
                new { session.TenantId, session.ServiceSessionId },
                transaction,
                cancellationToken),
            reader => new PriorSession(true, (SessionState)reader.Int32("state"), reader.NullableString("agent_user_id"))).ConfigureAwait(false);
        return rows.Count == 0 ? new PriorSession(false, SessionState.Wait, null) : rows[0];
    }

    /// <summary>After a session upsert: the events its change makes, compared with <paramref name="prior"/>.</summary>
    private async Task EnqueueSessionEventsAsync(DbConnection connection, DbTransaction transaction, SessionRecord session, PriorSession prior, CancellationToken cancellationToken)
    {
        var ended = session.State is SessionState.Terminal or SessionState.Abort;
        var events = new List<(WebhookEventType Type, string? PreviousAgentUserId)>(2);
        if (!prior.Exists)
        {
            events.Add((WebhookEventType.SessionCreated, null));
            if (session.State == SessionState.Processing)
            {
                events.Add((WebhookEventType.SessionAssigned, null));
            }
        }
        else if (prior.State is SessionState.Wait or SessionState.Processing or SessionState.Robot && ended)
        {
            events.Add((WebhookEventType.SessionClosed, null));
        }
        else if (prior is { State: SessionState.Processing, AgentUserId: { } previous } &&
                 (session.State == SessionState.Wait || (session.State == SessionState.Processing && session.AgentUserId != previous)))
        {
            events.Add((WebhookEventType.SessionTransferred, previous));
        }
        else if (prior.State is SessionState.Wait or SessionState.Robot && session.State == SessionState.Processing)
        {
            events.Add((WebhookEventType.SessionAssigned, null));
        }

        foreach (var (type, previousAgentUserId) in events)
        {
            var data = new SessionEventData(
                session.ServiceSessionId,
                session.VisitorId,
                session.State.ToString(),
                session.QueueId,
                await UsernameOfAsync(connection, transaction, session.TenantId, session.AgentUserId, cancellationToken).ConfigureAwait(false),
                await UsernameOfAsync(connection, transaction, session.TenantId, previousAgentUserId, cancellationToken).ConfigureAwait(false),
                session.EndReason,
                session.CreatedAt,
                session.StartedAt,
                session.StoppedAt);
            await InsertEventAsync(connection, transaction, session.TenantId, type, JsonSerializer.SerializeToElement(data, WebhookJsonContext.Default.SessionEventData), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>For a message of a tenant with a webhook: the caller checks that once per batch.</summary>
    private async Task EnqueueMessageEventAsync(DbConnection connection, DbTransaction transaction, MessageRecord message, CancellationToken cancellationToken)
    {
        var data = new MessageEventData(
            message.ServiceSessionId,
            message.MessageId,
            message.Seq,
            message.From.ToString().ToLowerInvariant(),
            message.SenderId,
            message.Type,
            message.Text,
            message.Url,
            message.Ext is null ? null : JsonDocument.Parse(message.Ext).RootElement.Clone(),
            message.CreatedAt);
        await InsertEventAsync(connection, transaction, message.TenantId, WebhookEventType.Message, JsonSerializer.SerializeToElement(data, WebhookJsonContext.Default.MessageEventData), cancellationToken).ConfigureAwait(false);
    }

    private async Task EnqueueLeaveMessageEventAsync(DbConnection connection, DbTransaction transaction, LeaveMessageRecord leaveMessage, CancellationToken cancellationToken)
    {
        if (!await HasWebhookAsync(connection, transaction, leaveMessage.TenantId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var data = LeaveMessageView.From(leaveMessage);
        await InsertEventAsync(connection, transaction, leaveMessage.TenantId, WebhookEventType.LeaveMessage, JsonSerializer.SerializeToElement(data, WebhookJsonContext.Default.LeaveMessageView), cancellationToken).ConfigureAwait(false);
    }

    private static async Task<bool> HasWebhookAsync(DbConnection connection, DbTransaction transaction, int tenantId, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(Command("SELECT COUNT(*) FROM webhooks WHERE tenant_id = @tenantId", new { tenantId }, transaction, cancellationToken)).ConfigureAwait(false) > 0;

    private static Task<string?> UsernameOfAsync(DbConnection connection, DbTransaction transaction, int tenantId, string? userId, CancellationToken cancellationToken) =>
        userId is null
            ? Task.FromResult<string?>(null)
            : connection.ExecuteScalarAsync<string?>(Command("SELECT username FROM agents WHERE tenant_id = @tenantId AND user_id = @userId", new { tenantId, userId }, transaction, cancellationToken));

    private async Task InsertEventAsync(DbConnection connection, DbTransaction transaction, int tenantId, WebhookEventType type, JsonElement data, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var envelope = new WebhookEnvelope("evt_" + Guid.NewGuid().ToString("N"), type.ToString(), tenantId, DateTimeOffset.FromUnixTimeMilliseconds(now.ToUnixTimeMilliseconds()), data);
        await connection.ExecuteAsync(Command(
            """
            INSERT INTO webhook_outbox (tenant_id, event_id, event_type, payload, created_at, attempts, next_attempt_at)
            VALUES (@tenantId, @eventId, @eventType, @payload, @now, 0, @now)
            """,
            new
            {
                tenantId,
                eventId = envelope.EventId,
                eventType = envelope.Type,
                payload = JsonSerializer.Serialize(envelope, WebhookJsonContext.Default.WebhookEnvelope),
                now = Millis(now),
            },
            transaction,
            cancellationToken)).ConfigureAwait(false);
    }

    /// <param name="Exists">False when the upsert is about to insert the session.</param>
    private sealed record PriorSession(bool Exists, SessionState State, string? AgentUserId);
}
