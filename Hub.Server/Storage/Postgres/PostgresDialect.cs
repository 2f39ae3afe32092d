using System.Data.Common;
using Dapper;
using Npgsql;

namespace KefuHub.Server.Storage.Postgres;

/// <summary>
/// PostgreSQL through two connection pools of the one connection string: a small one for the serial writers
/// (<see cref="WritePriority.Serial"/>) and the rest for everything else, so that a routing round or a message
/// batch never queues behind the reads of a burst of visitors. Row locks order concurrent writers.
/// </summary>
internal sealed class PostgresDialect : SqlDialect
{
    // Any fixed number; every KefuHub node takes this session-level lock to migrate.
    private const long MigrationLockKey = 0x4b6566754875622;

    private readonly NpgsqlDataSource _shared;
    private readonly NpgsqlDataSource _serial;

    private PostgresDialect(NpgsqlDataSource shared, NpgsqlDataSource serial)
    {
        _shared = shared;
        _serial = serial;
    }

    /// <summary>
    /// Splits the connection string's <c>Maximum Pool Size</c> (Npgsql's default 100) between the two pools, so
    /// that a node opens no more connections than it says: a fifth, 3 to 8, for the serial writers (a message
    /// batch and routing rounds of a few tenants at once).
    /// </summary>
    public static PostgresDialect Create(string connectionString)
    {
        var shared = new NpgsqlConnectionStringBuilder(connectionString);
        var serialSize = Math.Clamp(shared.MaxPoolSize / 5, 3, 8);
        var serial = new NpgsqlConnectionStringBuilder(connectionString)
        {
            MaxPoolSize = serialSize,
            MinPoolSize = Math.Min(shared.MinPoolSize, serialSize),
            ApplicationName = (shared.ApplicationName is { Length: > 0 } name ? name : "KefuHub") + " (serial writes)",
        };
        shared.MaxPoolSize = Math.Max(1, shared.MaxPoolSize - serialSize);
        shared.MinPoolSize = Math.Min(shared.MinPoolSize, shared.MaxPoolSize);
        return new PostgresDialect(NpgsqlDataSource.Create(shared), NpgsqlDataSource.Create(serial));
    }

    public override string IdentityPrimaryKey => "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _shared.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override async ValueTask<DbConnection> OpenWriteConnectionAsync(WritePriority priority, CancellationToken cancellationToken) =>
        await (priority == WritePriority.Serial ? _serial : _shared).OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

    public override ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable?>(null);

    public override async ValueTask<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = MigrationLockKey }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new AdvisoryLock(connection);
    }

    public override int MaxRowsPerStatement => 64;

    public override bool IsUniqueViolation(DbException exception) =>
        exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    public override async ValueTask DisposeAsync()
    {
        await _serial.DisposeAsync().ConfigureAwait(false);
        await _shared.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class AdvisoryLock(DbConnection connection) : IAsyncDisposable
    {
        // Unlocked explicitly: the connection goes back to the pool, where a session lock would outlive us.
        public async ValueTask DisposeAsync() =>
            await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(@key)", new { key = MigrationLockKey })).ConfigureAwait(false);
    }
}
