using KefuHub.Routing;
using Microsoft.Extensions.Options;

namespace KefuHub.Tests.Routing;

public sealed class InMemoryRoutingEngineTests : RoutingEngineContractTests
{
    protected override IRoutingStateStore CreateStore() => CreateStoreWith(new RoutingOptions());

    protected override IRoutingStateStore CreateStoreWith(RoutingOptions options) => new InMemoryRoutingStateStore(Options.Create(options));
}
