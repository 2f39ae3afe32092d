using System.Data.Common;

namespace KefuHub.Server.Storage;

/// <summary>
/// What differs between the databases under <see cref="SqlKefuStore"/>: connections, generated
/// keys, locking and error codes. The store's SQL itself is shared.
/// </summary>
internal abstract class SqlDialect : IAsyncDisposable
{
    /// <summary>
    /// The column type of a generated 64-bit primary key: the one thing the shared migration scripts
    /// cannot say in both databases' SQL. Scripts write it as <c>{{IdentityPrimaryKey}}</c>.
    /// </summary>
    public abstract string IdentityPrimaryKey { get; }

    /// <summary>An open connection, ready for statements.</summary>
    public abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>An open connection for a write transaction; where connections are pooled, serial writers have their own.</summary>
    public virtual ValueTask<DbConnection> OpenWriteConnectionAsync(WritePriority priority, CancellationToken cancellationToken) =>
        OpenConnectionAsync(cancellationToken);

    /// <summary>Held around every write transaction; null where the database orders writers itself.</summary>
    public abstract ValueTask<IDisposable?> EnterWriteAsync(CancellationToken cancellationToken);

    /// <summary>Held while migrating, so that several processes (or nodes) starting at once migrate one after the other.</summary>
    public abstract ValueTask<IAsyncDisposable> LockMigrationsAsync(DbConnection connection, CancellationToken cancellationToken);

    public abstract bool IsUniqueViolation(DbException exception);

    /// <summary>
    /// How many rows one multi-row statement of a message batch carries. A round trip per statement is
    /// what PostgreSQL saves by many rows; SQLite, in process, has none to save, and binds named
    /// parameters by a linear search, so that a statement's cost grows with the square of its rows.
    /// </summary>
    public abstract int MaxRowsPerStatement { get; }

    public abstract ValueTask DisposeAsync();
}
