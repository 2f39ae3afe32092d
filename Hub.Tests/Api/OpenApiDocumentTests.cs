using System.Text.Json;

namespace KefuHub.Tests.Api;

/// <summary>The hub serves an OpenAPI description at <c>/openapi/v1.json</c> that lists the Easemob calls.</summary>
public sealed class OpenApiDocumentTests : ApiTestBase
{
    [Fact]
    public async Task Document_ListsTheEasemobPaths()
    {
        using var response = await Server.Http.GetAsync("/openapi/v1.json", Ct);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var paths = document.RootElement.GetProperty("paths");

        Assert.True(paths.GetProperty("/api/tenant/{tenantId}/accessToken").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/tenants/{tenantId}/agents").TryGetProperty("get", out _));
        foreach (var method in new[] { "post", "put", "delete" })
        {
            Assert.True(paths.GetProperty("/api/tenants/{tenantId}/agent").TryGetProperty(method, out _), method);
        }

        foreach (var path in new[] { "password", "disable", "enable" })
        {
            Assert.True(paths.GetProperty($"/api/tenants/{{tenantId}}/agent/{path}").TryGetProperty("put", out _), path);
        }

        Assert.True(paths.GetProperty("/api/tenants/{tenantId}/roles").TryGetProperty("get", out _));
        var history = paths.GetProperty("/api/tenants/{tenantId}/serviceSessionHistorys").GetProperty("get");
        var names = history.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Contains("per_page", names);
        Assert.Contains("stopDateFrom", names);
        Assert.Contains("sortField", names);
    }
}
