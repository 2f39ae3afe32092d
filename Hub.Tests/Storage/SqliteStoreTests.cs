using KefuHub.Server.Storage;

namespace KefuHub.Tests.Storage;

public sealed class SqliteStoreTests(SqliteStoreFixture fixture) : StoreContractTests, IClassFixture<SqliteStoreFixture>
{
    private protected override SqlKefuStore Store => fixture.Store;
}
