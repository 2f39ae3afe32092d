using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore
{
    public async ValueTask SaveTokenAsync(AccessTokenRecord token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "INSERT INTO access_tokens (token_hash, tenant_id, kind, subject_id, expires_at) VALUES (@TokenHash, @TenantId, @kind, @SubjectId, @expiresAt)",
                new { token.TokenHash, token.TenantId, kind = (int)token.Kind, token.SubjectId, expiresAt = Millis(token.ExpiresAt) },
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<AccessTokenRecord?> FindTokenAsync(string tokenHash, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => QueryFirstOrDefaultAsync(
                connection,
                Command(
                    // A disabled tenant's tokens are not found: they stop working at once, and work again when it is enabled.
                    """
                    SELECT t.token_hash, t.tenant_id, t.kind, t.subject_id, t.expires_at FROM access_tokens t
                    JOIN tenants n ON n.tenant_id = t.tenant_id
                    WHERE t.token_hash = @tokenHash AND n.enabled = @enabled
                    """,
                    new { tokenHash, enabled = true },
                    null,
                    cancellationToken),
                reader => new AccessTokenRecord(
                    reader.String("token_hash"),
                    reader.Int32("tenant_id"),
                    (TokenKind)reader.Int32("kind"),
                    reader.String("subject_id"),
                    reader.NullableTime("expires_at"))),
            cancellationToken);

    public async ValueTask<bool> ExtendTokenAsync(string tokenHash, DateTimeOffset expiresAt, CancellationToken cancellationToken) =>
        await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "UPDATE access_tokens SET expires_at = @expiresAt WHERE token_hash = @tokenHash",
                new { tokenHash, expiresAt = Millis(expiresAt) },
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false) > 0;

    public ValueTask<int> DeleteTokensAsync(int tenantId, TokenKind kind, string subjectId, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "DELETE FROM access_tokens WHERE tenant_id = @tenantId AND kind = @kind AND subject_id = @subjectId",
                new { tenantId, kind = (int)kind, subjectId },
                transaction,
                cancellationToken)),
            cancellationToken);

    public ValueTask<int> DeleteExpiredTokensAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "DELETE FROM access_tokens WHERE expires_at < @now", new { now = Millis(now) }, transaction, cancellationToken)),
            cancellationToken);
}
