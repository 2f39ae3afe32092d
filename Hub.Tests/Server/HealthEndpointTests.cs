using System.Net;
using KefuHub.Routing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Server;

public sealed class HealthEndpointTests(WebApplicationFactory<Program> factory) : IClassFixture<WebApplicationFactory<Program>>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_AnswersHealthy(string path)
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Host_ComposesTheEngineOverTheInMemoryStoreByDefault()
    {
        Assert.IsType<InMemoryRoutingStateStore>(factory.Services.GetRequiredService<IRoutingStateStore>());
        Assert.NotNull(factory.Services.GetRequiredService<RoutingEngine>());
    }
}
