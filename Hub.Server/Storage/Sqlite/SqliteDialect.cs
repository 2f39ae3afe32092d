using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace KefuHub.Server.Storage.Sqlite;

/// <summary>
/// One SQLite file, <c>kefu.db</c> in the data directory. Writes are serialized in-process so that
/// writers never meet SQLITE_BUSY; WAL lets reads run beside them.
/// </summary>
internal sealed class SqliteDialect : SqlDialect
{
    private const int SqliteConstraint = 19;

    // FULL makes every commit reach the disk before it returns: an acknowledged message survives a crash.
    private const string ConnectionSetup = "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;";

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly string _connectionString;
    private readonly string _directory;
    private int _initialized;

    static SqliteDialect() => SQLitePCL.Batteries_V2.Init();

    public SqliteDialect(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataDirectory);
        _directory = Path.GetFullPath(dataDirectory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_directory, "kefu.db"),
            ForeignKeys = true,
            Pooling = true,
        }.ToString();
    }

    public override string IdentityPrimaryKey => "INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT";

    public override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _initialized) == 0)
        {
            Directory.CreateDirectory(_directory);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = Interlocked.Exchange(ref _initialized, 1) == 0
                ? "PRAGMA journal_mode = WAL; " + ConnectionSetup // WAL is a property of the file: once is enough.
                : ConnectionSetup;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_writeLock);
    }

    public override async ValueTask<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Releaser(_writeLock);
    }

    // Measured in the chat load test (docs/performance.md, issue 16): past a few rows the binding costs more than the statements it saves.
    public override int MaxRowsPerStatement => 4;

    public override bool IsUniqueViolation(DbException exception) =>
        exception is SqliteException { SqliteErrorCode: SqliteConstraint };

    public override ValueTask DisposeAsync()
    {
        _writeLock.Dispose();
        // Pooled connections keep the file open (and its WAL unmerged) until cleared.
        SqliteConnection.ClearAllPools();
        return ValueTask.CompletedTask;
    }

    private sealed class Releaser(SemaphoreSlim semaphore) : IDisposable, IAsyncDisposable
    {
        public void Dispose() => semaphore.Release();

        public ValueTask DisposeAsync()
        {
            semaphore.Release();
            return ValueTask.CompletedTask;
        }
    }
}
