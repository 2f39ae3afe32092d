using System.Data.Common;
using Dapper;
using Npgsql;

namespace KefuHub.Server.Storage.Postgres;

/// <summary>PostgreSQL through the process's one <see cref="NpgsqlDataSource"/>; row locks order concurrent writers.</summary>
internal sealed class PostgresDialect(NpgsqlDataSource dataSource) : SqlDialect
{
    // Any fixed number; every KefuHub node takes this session-level lock to migrate.
    private const long MigrationLockKey = 0x4b6566754875622;

    public override string IdentityPrimaryKey => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    public override async ValueTask<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = MigrationLockKey }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new AdvisoryLock(connection);
    }

    public override int MaxRowsPerStatement => 64;

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private sealed class AdvisoryLock(DbConnection connection) : IAsyncDisposable
    {
        // Unlocked explicitly: the connection goes back to the pool, where a session lock would outlive us.
        public async ValueTask DisposeAsync() =>
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = MigrationLockKey })).ConfigureAwait(false);
    }
}
