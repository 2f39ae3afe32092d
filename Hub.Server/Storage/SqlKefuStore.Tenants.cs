using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore
{
    private const string TenantColumns = "tenant_id, name, client_id, secret_hash, created_at";

    public ValueTask<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<TenantRecord>>(
            async connection => await QueryAsync(connection, Command($"SELECT {TenantColumns} FROM tenants ORDER BY tenant_id", null, null, cancellationToken), ReadTenant).ConfigureAwait(false),
            cancellationToken);

    public ValueTask<TenantRecord?> GetTenantAsync(int tenantId, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => QueryFirstOrDefaultAsync(connection, Command($"SELECT {TenantColumns} FROM tenants WHERE tenant_id = @tenantId", new { tenantId }, null, cancellationToken), ReadTenant),
            cancellationToken);

    public ValueTask<TenantRecord?> FindTenantByClientIdAsync(string clientId, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => QueryFirstOrDefaultAsync(connection, Command($"SELECT {TenantColumns} FROM tenants WHERE client_id = @clientId", new { clientId }, null, cancellationToken), ReadTenant),
            cancellationToken);

    public async ValueTask<bool> CreateTenantAsync(TenantRecord tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var inserted = await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command(
                """
                INSERT INTO tenants (tenant_id, name, client_id, secret_hash, created_at)
                VALUES (@TenantId, @Name, @ClientId, @SecretHash, @createdAt)
                ON CONFLICT DO NOTHING
                """,
                new { tenant.TenantId, tenant.Name, tenant.ClientId, tenant.SecretHash, createdAt = Millis(tenant.CreatedAt) },
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return inserted == 1;
    }

    public async ValueTask<TenantSettings> GetSettingsAsync(int tenantId, CancellationToken cancellationToken)
    {
        var json = await ReadTenantDocumentAsync(tenantId, "settings_json", cancellationToken).ConfigureAwait(false);
        return json is null ? TenantSettings.Default : JsonSerializer.Deserialize(json, StorageJsonContext.Default.TenantSettings)!;
    }

    /// <remarks>Does nothing when the tenant does not exist.</remarks>
    public ValueTask SaveSettingsAsync(int tenantId, TenantSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return WriteTenantDocumentAsync(tenantId, "settings_json", JsonSerializer.Serialize(settings, StorageJsonContext.Default.TenantSettings), cancellationToken);
    }

    public async ValueTask<TimePlanDocument?> GetTimePlanAsync(int tenantId, CancellationToken cancellationToken)
    {
        var json = await ReadTenantDocumentAsync(tenantId, "time_plan_json", cancellationToken).ConfigureAwait(false);
        return json is null ? null : JsonSerializer.Deserialize(json, StorageJsonContext.Default.TimePlanDocument);
    }

    /// <remarks>Does nothing when the tenant does not exist.</remarks>
    public ValueTask SaveTimePlanAsync(int tenantId, TimePlanDocument? timePlan, CancellationToken cancellationToken) =>
        WriteTenantDocumentAsync(
            tenantId,
            "time_plan_json",
            timePlan is null ? null : JsonSerializer.Serialize(timePlan, StorageJsonContext.Default.TimePlanDocument),
            cancellationToken);

    // The column name is one of this file's constants, never input.
    private ValueTask<string?> ReadTenantDocumentAsync(int tenantId, string column, CancellationToken cancellationToken) =>
        ReadAsync(
            connection => connection.ExecuteScalarAsync<string?>(Command($"SELECT {column} FROM tenants WHERE tenant_id = @tenantId", new { tenantId }, null, cancellationToken)),
            cancellationToken);

    private async ValueTask WriteTenantDocumentAsync(int tenantId, string column, string? json, CancellationToken cancellationToken) =>
        await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command($"UPDATE tenants SET {column} = @json WHERE tenant_id = @tenantId", new { tenantId, json }, transaction, cancellationToken)),
            cancellationToken).ConfigureAwait(false);

    private static TenantRecord ReadTenant(DbDataReader reader) => new()
    {
        TenantId = reader.Int32("tenant_id"),
        Name = reader.String("name"),
        ClientId = reader.String("client_id"),
        SecretHash = reader.String("secret_hash"),
        CreatedAt = reader.Time("created_at"),
    };
}
