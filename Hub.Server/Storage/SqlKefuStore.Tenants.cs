using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace KefuHub.Server.Storage;

internal sealed partial class SqlKefuStore
{
    private const string TenantColumns = "tenant_id, name, client_id, secret_hash, created_at, enabled";

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
                INSERT INTO tenants (tenant_id, name, client_id, secret_hash, created_at, enabled)
                VALUES (@TenantId, @Name, @ClientId, @SecretHash, @createdAt, @Enabled)
                ON CONFLICT DO NOTHING
                """,
                new { tenant.TenantId, tenant.Name, tenant.ClientId, tenant.SecretHash, createdAt = Millis(tenant.CreatedAt), tenant.Enabled },
                transaction,
                cancellationToken)),
            cancellationToken).ConfigureAwait(false);
        return inserted == 1;
    }

    public ValueTask<int> CreateNextTenantAsync(TenantRecord tenant, AgentRecord admin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(admin);
        // The write lock (SQLite) or the unique key with a retry (PostgreSQL) keeps two creates from taking one id.
        return WriteWithRetryAsync(async (connection, transaction) =>
        {
            var tenantId = await connection.ExecuteScalarAsync<int>(Command("SELECT COALESCE(MAX(tenant_id), 0) + 1 FROM tenants", null, transaction, cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(Command(
                """
                INSERT INTO tenants (tenant_id, name, client_id, secret_hash, created_at, enabled)
                VALUES (@tenantId, @Name, @ClientId, @SecretHash, @createdAt, @Enabled)
                """,
                new { tenantId, tenant.Name, tenant.ClientId, tenant.SecretHash, createdAt = Millis(tenant.CreatedAt), tenant.Enabled },
                transaction,
                cancellationToken)).ConfigureAwait(false);
            await connection.ExecuteAsync(Command(InsertAgentSql, AgentParameters(admin with { TenantId = tenantId }), transaction, cancellationToken)).ConfigureAwait(false);
            return tenantId;
        }, cancellationToken);
    }

    public async ValueTask<bool> SetTenantEnabledAsync(int tenantId, bool enabled, CancellationToken cancellationToken) =>
        await WriteAsync(
            (connection, transaction) => connection.ExecuteAsync(Command("UPDATE tenants SET enabled = @enabled WHERE tenant_id = @tenantId", new { tenantId, enabled }, transaction, cancellationToken)),
            cancellationToken).ConfigureAwait(false) == 1;

    /// <summary>Retries a write a few times when it lost a race on a unique key.</summary>
    private async ValueTask<T> WriteWithRetryAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteAsync(write, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException exception) when (attempt < 5 && dialect.IsUniqueViolation(exception))
            {
                // Another node took the id meanwhile: read the next one again.
            }
        }
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
        Enabled = reader.Boolean("enabled"),
    };
}
