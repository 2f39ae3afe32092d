using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Server.Hubs;

namespace KefuHub.Tests.Api;

/// <summary>Without <c>Kefu:Operator:Key</c> the operator calls are off.</summary>
public sealed class OperatorOffTests : HubTestBase
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Kefu:Operator:Key"] = string.Empty };

    [Fact]
    public async Task OperatorCalls_Answer404_EvenWithTheKeyOtherServersUse()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/operator/tenants");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", KefuTestServer.OperatorKey);
        using var response = await Server.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("API_404", body.RootElement.GetProperty("errorCode").GetString());
    }
}
