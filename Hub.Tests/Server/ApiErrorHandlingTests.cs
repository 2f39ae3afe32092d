using System.Net;
using System.Text;
using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Server;

/// <summary>Requests that never reach an endpoint still get Easemob's error body.</summary>
public sealed class ApiErrorHandlingTests : IAsyncLifetime
{
    private KefuTestServer? _server;

    public ValueTask InitializeAsync()
    {
        _server = KefuTestServer.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _server!.DisposeAndDeleteAsync();

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"nickname\": 42}")]
    public async Task BodyThatDoesNotBind_Is400WithApi001(string body)
    {
        var ct = TestContext.Current.CancellationToken;
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await _server!.Http.PostAsync($"/api/tenants/{KefuTestServer.TenantId}/visitors", content, ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(ct);
        Assert.StartsWith("{\"status\":\"FAIL\",\"errorCode\":\"API_001\",\"errorDescription\":", text, StringComparison.Ordinal);
    }
}
