using KefuHub.Server.Storage;
using KefuHub.Server.Storage.Sqlite;

namespace KefuHub.Tests.Storage;

/// <summary>A SQLite store in a temporary directory, deleted afterwards.</summary>
public sealed class SqliteStoreFixture : StoreFixture
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("kefu-sqlite-");

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Delete(recursive: true);
    }

    private protected override ValueTask<SqlDialect> CreateDialectAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<SqlDialect>(new SqliteDialect(_directory.FullName));
}
