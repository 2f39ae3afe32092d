using KefuHub.Routing;
using Microsoft.Extensions.Options;

namespace KefuHub.Tests.Routing;

/// <summary>The randomized routing suite over the embedded in-memory store.</summary>
public sealed class InMemoryRandomizedRoutingTests : RandomizedRoutingTests
{
    protected override IRoutingStateStore CreateStore() => new InMemoryRoutingStateStore(Options.Create(new RoutingOptions()));
}
