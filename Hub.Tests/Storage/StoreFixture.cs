using KefuHub.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace KefuHub.Tests.Storage;

/// <summary>One migrated store per test class, over the database its subclass provides.</summary>
public abstract class StoreFixture : IAsyncLifetime
{
    private SqlDialect? _dialect;

    internal SqlKefuStore Store { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _dialect = await CreateDialectAsync(TestContext.Current.CancellationToken);
        Store = new SqlKefuStore(_dialect, TimeProvider.System, NullLogger<SqlKefuStore>.Instance);
        await Store.MigrateAsync(TestContext.Current.CancellationToken);
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (_dialect is not null)
        {
            await _dialect.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    private protected abstract ValueTask<SqlDialect> CreateDialectAsync(CancellationToken cancellationToken);
}
