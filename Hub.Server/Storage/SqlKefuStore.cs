using System.Data.Common;
using System.Reflection;
using Dapper;

namespace KefuHub.Server.Storage;

/// <summary>
/// Every storage port over one SQL database. The SQL is shared and portable (ON CONFLICT, RETURNING);
/// what differs between SQLite and PostgreSQL lives in the <see cref="SqlDialect"/>.
/// Times are stored as unix milliseconds, so they come back with millisecond precision and offset zero.
/// </summary>
internal sealed partial class SqlKefuStore(SqlDialect dialect, TimeProvider timeProvider, ILogger<SqlKefuStore> logger)
    : ITenantStore, IAgentStore, IQueueStore, IVisitorStore, ITokenStore, ISessionStore, ILeaveMessageStore, ISummaryStore, IStorageMigrator
{
    private const string MigrationsTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version    BIGINT NOT NULL PRIMARY KEY,
            name       TEXT   NOT NULL,
            applied_at BIGINT NOT NULL
        )
        """;

    public async ValueTask MigrateAsync(CancellationToken cancellationToken)
    {
        var migrations = LoadMigrations();
        var connection = await dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var migrationLock = await dialect.LockMigrationsAsync(connection, cancellationToken).ConfigureAwait(false);
            await using (migrationLock.ConfigureAwait(false))
            {
                await connection.ExecuteAsync(Command(MigrationsTable, null, null, cancellationToken)).ConfigureAwait(false);
                var applied = (await connection.QueryAsync<long>(Command("SELECT version FROM schema_migrations", null, null, cancellationToken)).ConfigureAwait(false)).ToHashSet();
                foreach (var (version, name, sql) in migrations.Where(m => !applied.Contains(m.Version)))
                {
                    var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                    await using (transaction.ConfigureAwait(false))
                    {
                        await connection.ExecuteAsync(Command(sql, null, transaction, cancellationToken)).ConfigureAwait(false);
                        await connection.ExecuteAsync(Command(
                            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@version, @name, @appliedAt)",
                            new { version, name, appliedAt = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() },
                            transaction,
                            cancellationToken)).ConfigureAwait(false);
                        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                    }

                    StorageLog.MigrationApplied(logger, name);
                }

                StorageLog.SchemaUpToDate(logger, migrations.Count == 0 ? 0 : migrations[^1].Version);
            }
        }
    }

    public async ValueTask<bool> PingAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(
                async connection => await connection.ExecuteScalarAsync<int>(Command("SELECT 1", null, null, cancellationToken)).ConfigureAwait(false) == 1,
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbException exception)
        {
            StorageLog.PingFailed(logger, exception);
            return false;
        }
    }

    /// <summary>The scripts, <c>NNN_name.sql</c>, in version order, in the dialect's words.</summary>
    private List<(long Version, string Name, string Sql)> LoadMigrations()
    {
        const string Prefix = "Migrations/";
        var assembly = typeof(SqlKefuStore).Assembly;
        var migrations = new List<(long Version, string Name, string Sql)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            var name = resource[Prefix.Length..];
            var version = long.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
            var sql = ReadResource(assembly, resource).Replace("{{IdentityPrimaryKey}}", dialect.IdentityPrimaryKey, StringComparison.Ordinal);
            migrations.Add((version, name, sql));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        return migrations;
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static CommandDefinition Command(string sql, object? parameters, DbTransaction? transaction, CancellationToken cancellationToken) =>
        new(sql, parameters, transaction, cancellationToken: cancellationToken);

    private static long? Millis(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    private async ValueTask<T> ReadAsync<T>(Func<DbConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        var connection = await dialect.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            return await read(connection).ConfigureAwait(false);
        }
    }

    /// <summary>Runs <paramref name="write"/> in one transaction, committed when it returns.</summary>
    private ValueTask<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, CancellationToken cancellationToken) =>
        WriteAsync(write, static _ => true, WritePriority.Normal, cancellationToken);

    /// <summary>Runs <paramref name="write"/> in one transaction, committed when it returns, on a connection of <paramref name="priority"/>.</summary>
    private ValueTask<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, WritePriority priority, CancellationToken cancellationToken) =>
        WriteAsync(write, static _ => true, priority, cancellationToken);

    /// <summary>Runs <paramref name="write"/> in one transaction, committed when <paramref name="commit"/> says so about its result.</summary>
    private ValueTask<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, Func<T, bool> commit, CancellationToken cancellationToken) =>
        WriteAsync(write, commit, WritePriority.Normal, cancellationToken);

    private async ValueTask<T> WriteAsync<T>(Func<DbConnection, DbTransaction, Task<T>> write, Func<T, bool> commit, WritePriority priority, CancellationToken cancellationToken)
    {
        using var writeLock = await dialect.EnterWriteAsync(cancellationToken).ConfigureAwait(false);
        var connection = await dialect.OpenWriteConnectionAsync(priority, cancellationToken).ConfigureAwait(false);
        await using (connection.ConfigureAwait(false))
        {
            var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var result = await write(connection, transaction).ConfigureAwait(false);
                if (commit(result))
                {
                    await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                }

                return result; // Not committed: disposing the transaction rolls it back.
            }
        }
    }

    private static async Task<List<T>> QueryAsync<T>(DbConnection connection, CommandDefinition command, Func<DbDataReader, T> map)
    {
        var reader = await connection.ExecuteReaderAsync(command).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            var rows = new List<T>();
            while (await reader.ReadAsync(command.CancellationToken).ConfigureAwait(false))
            {
                rows.Add(map(reader));
            }

            return rows;
        }
    }

    private static async Task<T?> QueryFirstOrDefaultAsync<T>(DbConnection connection, CommandDefinition command, Func<DbDataReader, T> map)
        where T : class =>
        (await QueryAsync(connection, command, map).ConfigureAwait(false)).FirstOrDefault();

    /// <summary>The tenant's next id for <paramref name="counter"/>; ids are never handed out twice, even after deletes.</summary>
    private static Task<int> NextIdAsync(DbConnection connection, DbTransaction transaction, int tenantId, string counter, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<int>(Command(
            """
            INSERT INTO tenant_counters (tenant_id, name, last_value) VALUES (@tenantId, @counter, 1)
            ON CONFLICT (tenant_id, name) DO UPDATE SET last_value = tenant_counters.last_value + 1
            RETURNING last_value
            """,
            new { tenantId, counter },
            transaction,
            cancellationToken));
}
