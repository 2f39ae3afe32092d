using KefuHub.Server.Storage;
using KefuHub.Server.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace KefuHub.Tests.Storage;

/// <summary>A migrated SQLite store in a temporary directory, deleted afterwards.</summary>
public sealed class SqliteStoreFixture : IAsyncLifetime
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("kefu-sqlite-");
    private SqliteDialect? _dialect;

    internal SqlKefuStore Store { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _dialect = new SqliteDialect(_directory.FullName);
        Store = new SqlKefuStore(_dialect, TimeProvider.System, NullLogger<SqlKefuStore>.Instance);
        await Store.MigrateAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_dialect is not null)
        {
            await _dialect.DisposeAsync();
        }

        _directory.Delete(recursive: true);
    }
}
