using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore
{
    public async ValueTask CreateVisitorAsync(VisitorRecord visitor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                "INSERT INTO visitors (tenant_id, visitor_id, nickname, created_at) VALUES (@TenantId, @VisitorId, @Nickname, @createdAt)",
                new { visitor.TenantId, visitor.VisitorId, visitor.Nickname, createdAt = Millis(visitor.CreatedAt) },
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<VisitorRecord?> GetVisitorAsync(int tenantId, string visitorId, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => QueryFirstOrDefaultAsync(
                connection,
                Command(
                    "SELECT tenant_id, visitor_id, nickname, created_at FROM visitors WHERE tenant_id = @tenantId AND visitor_id = @visitorId",
                    new { tenantId, visitorId },
                    null,
                    cancellationToken),
                reader => new VisitorRecord
                {
                    TenantId = reader.Int32("tenant_id"),
                    VisitorId = reader.String("visitor_id"),
                    Nickname = reader.NullableString("nickname"),
                    CreatedAt = reader.Time("created_at"),
                }),
            cancellationToken);
}
