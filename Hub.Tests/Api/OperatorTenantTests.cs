using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Api;

/// <summary>The operator calls (several tenants) on SQLite; see <see cref="PostgresOperatorTenantTests"/>.</summary>
public class OperatorTenantTests : AdminApiTestBase
{
    [Fact]
    public async Task Create_GivesATenantWhoseCredentialsAndAdminWork_AndListShowsIt()
    {
        var tenant = await Server.CreateTenantAsync("Shop Two", "boss@two", "boss-password", Ct);

        Assert.Equal(2, tenant.TenantId);
        var token = (await PostAsync($"/api/tenant/{tenant.TenantId}/accessToken", new { clientId = tenant.ClientId, secretId = tenant.SecretId }, string.Empty))
            .Ok().Entity.GetProperty("accessToken").GetString()!;
        var agents = (await GetAsync($"/api/tenants/{tenant.TenantId}/agents?page=0&size=10", token)).Ok().Entities.ToList();
        Assert.Equal("boss@two", Assert.Single(agents).GetProperty("username").GetString());
        var adminToken = await Server.LoginInAsync(tenant.TenantId, "boss@two", "boss-password", Ct);
        (await GetAsync($"/api/tenants/{tenant.TenantId}/settings", adminToken)).Ok();
        (await GetAsync("/api/tenants/1/settings", adminToken)).Fails(HttpStatusCode.Forbidden, "API_003");

        var third = await Server.CreateTenantAsync("Shop Three", "boss@two", "boss-password", Ct);
        Assert.Equal(3, third.TenantId);
        var list = (await OperatorAsync(HttpMethod.Get, "/api/operator/tenants")).Ok().Entities.ToList();
        Assert.Equal([1, 2, 3], list.Select(t => t.GetProperty("tenantId").GetInt32()));
        Assert.Equal("Shop Two", list[1].GetProperty("name").GetString());
        Assert.True(list[1].GetProperty("enabled").GetBoolean());
        Assert.All(list, t => Assert.False(t.TryGetProperty("secretId", out _)));
    }

    [Fact]
    public async Task WrongOrMissingKey_Is401_AndBadBodies_Are400()
    {
        (await OperatorAsync(HttpMethod.Get, "/api/operator/tenants", key: "wrong-key-wrong-key-wrong-key-wrong")).Fails(HttpStatusCode.Unauthorized, "API_002");
        (await OperatorAsync(HttpMethod.Get, "/api/operator/tenants", key: string.Empty)).Fails(HttpStatusCode.Unauthorized, "API_002");
        // A tenant's own admin token is no operator key.
        (await OperatorAsync(HttpMethod.Get, "/api/operator/tenants", key: await AdminTokenAsync())).Fails(HttpStatusCode.Unauthorized, "API_002");

        (await OperatorAsync(HttpMethod.Post, "/api/operator/tenants", new { name = "x", adminUsername = "a@x", adminPassword = "short" })).Fails(HttpStatusCode.BadRequest, "API_108");
        (await OperatorAsync(HttpMethod.Post, "/api/operator/tenants", new { adminUsername = "a@x", adminPassword = "long-enough" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await OperatorAsync(HttpMethod.Post, "/api/operator/tenants", new { name = new string('n', 101), adminUsername = "a@x", adminPassword = "long-enough" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await OperatorAsync(HttpMethod.Post, "/api/operator/tenants", new { name = "x", adminPassword = "long-enough" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await OperatorAsync(HttpMethod.Put, "/api/operator/tenants/99", new { enabled = false })).Fails(HttpStatusCode.NotFound, "API_404");
        (await OperatorAsync(HttpMethod.Put, "/api/operator/tenants/1", new { })).Fails(HttpStatusCode.BadRequest, "API_001");
        Assert.Single((await OperatorAsync(HttpMethod.Get, "/api/operator/tenants")).Ok().Entities);
    }

    [Fact]
    public async Task Disable_StopsTokensLoginsSignUpsAndConnections_OfThatTenantOnly_AndEnableRestoresTokens()
    {
        var two = await Server.CreateTenantAsync("Two", "boss@two", "boss-password", Ct);
        var restToken = (await PostAsync($"/api/tenant/2/accessToken", new { clientId = two.ClientId, secretId = two.SecretId }, string.Empty)).Ok().Entity.GetProperty("accessToken").GetString()!;
        var agentToken = await Server.LoginInAsync(2, "boss@two", "boss-password", Ct);
        var visitorTwo = await Server.CreateVisitorInAsync(2, cancellationToken: Ct);
        var agentConnection = Track(Server.AgentConnection(agentToken));
        var visitorConnection = Track(Server.VisitorConnection(visitorTwo.Token));
        var oneVisitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        var oneConnection = Track(Server.VisitorConnection(oneVisitor.Token));
        await Task.WhenAll(agentConnection.StartAsync(Ct), visitorConnection.StartAsync(Ct), oneConnection.StartAsync(Ct)).WaitAsync(Timeout, Ct);
        var agentClosed = Closed(agentConnection);
        var visitorClosed = Closed(visitorConnection);

        var disabled = (await OperatorAsync(HttpMethod.Put, "/api/operator/tenants/2", new { enabled = false })).Ok().Entity;
        Assert.False(disabled.GetProperty("enabled").GetBoolean());

        await Task.WhenAll(agentClosed, visitorClosed).WaitAsync(Timeout, Ct);
        (await GetAsync("/api/tenants/2/settings", restToken)).Fails(HttpStatusCode.Unauthorized, "API_002");
        (await GetAsync("/api/tenants/2/settings", agentToken)).Fails(HttpStatusCode.Unauthorized, "API_002");
        (await PostAsync("/api/tenant/2/accessToken", new { clientId = two.ClientId, secretId = two.SecretId }, string.Empty)).Fails(HttpStatusCode.Unauthorized, "API_004");
        (await PostAsync("/api/tenants/2/agents/token", new { username = "boss@two", password = "boss-password" }, string.Empty)).Fails(HttpStatusCode.Unauthorized, "API_005");
        (await PostAsync("/api/tenants/2/visitors", new { }, string.Empty)).Fails(HttpStatusCode.Forbidden, "API_003");
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => Track(Server.VisitorConnection(visitorTwo.Token)).StartAsync(Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        // Tenant 1 goes on as before.
        Assert.Equal(HubConnectionState.Connected, oneConnection.State);
        Assert.NotNull((await oneConnection.InvokeAsync<StartSessionResult>("StartSession", new StartSessionRequest(), Ct)).State);
        (await GetAsync(T("/settings"))).Ok();

        (await OperatorAsync(HttpMethod.Put, "/api/operator/tenants/2", new { enabled = true })).Ok();
        (await GetAsync("/api/tenants/2/settings", restToken)).Ok();
        Assert.All((await OperatorAsync(HttpMethod.Get, "/api/operator/tenants")).Ok().Entities, t => Assert.True(t.GetProperty("enabled").GetBoolean()));
    }

    [Fact]
    public async Task TenantsCreatedAtOnce_GetDistinctIds()
    {
        var created = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Server.CreateTenantAsync($"T{i}", "boss@t", "boss-password", Ct)));

        Assert.Equal([2, 3, 4, 5], created.Select(t => t.TenantId).Order());
        Assert.Equal(4, created.Select(t => t.ClientId).Distinct().Count());
    }

    private async Task<ApiResult> OperatorAsync(HttpMethod method, string path, object? body = null, string key = KefuTestServer.OperatorKey)
    {
        using var request = new HttpRequestMessage(method, path);
        if (key.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Server.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return new ApiResult(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
