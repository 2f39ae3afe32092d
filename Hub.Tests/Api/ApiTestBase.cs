using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Server.Hubs;

namespace KefuHub.Tests.Api;

/// <summary>The real hub (see <see cref="HubTestBase"/>) and helpers to call its REST API as Easemob's curl examples do.</summary>
public abstract class ApiTestBase : HubTestBase
{
    public const string ClientId = "test-client";
    public const string SecretId = "test-secret";
    public const int OtherTenantId = 2;

    /// <summary>A REST token of tenant 1 from its client credentials.</summary>
    protected async Task<string> ApiTokenAsync(int tenantId = KefuTestServer.TenantId, string clientId = ClientId, string secretId = SecretId)
    {
        var answer = await SendAsync(HttpMethod.Post, $"/api/tenant/{tenantId}/accessToken", null, JsonSerializer.Serialize(new { clientId, secretId }));
        return answer.AssertOk().Entity.GetProperty("accessToken").GetString()!;
    }

    /// <summary>Creates tenant 2 through the operator API, its administrator named <paramref name="agentUsername"/>; its REST token.</summary>
    protected async Task<string> OtherTenantAsync(string agentUsername = "other@tenant2")
    {
        var tenant = await Server.CreateTenantAsync("Two", agentUsername, "password-two", Ct);
        Assert.Equal(OtherTenantId, tenant.TenantId);
        return await ApiTokenAsync(tenant.TenantId, tenant.ClientId, tenant.SecretId);
    }

    /// <param name="expectContinue">
    /// Sends <c>Expect: 100-continue</c>, as a client of a large body should: a server that refuses the
    /// body from its length answers before any of it is sent.
    /// </param>
    protected async Task<ApiAnswer> SendAsync(HttpMethod method, string path, string? token, string? json = null, bool expectContinue = false)
    {
        using var request = new HttpRequestMessage(method, path);
        if (expectContinue)
        {
            request.Headers.ExpectContinue = true;
        }

        if (token is not null)
        {
            request.Headers.Add("Kefu-Token", token);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        using var response = await Server.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var isJson = response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true;
        var body = isJson && text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default;
        return new ApiAnswer(response.StatusCode, body, text);
    }

    protected Task<ApiAnswer> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    /// <summary>Creates an agent through <c>POST /api/tenants/1/agent</c>.</summary>
    protected async Task<JsonElement> CreateAgentAsync(string token, string username, string nicename = "Nice", string password = "qwe12345", int roleId = 2, string trueName = "", string mobilePhone = "", string agentNumber = "")
    {
        var answer = await SendAsync(
            HttpMethod.Post,
            "/api/tenants/1/agent",
            token,
            JsonSerializer.Serialize(new { nicename, username, password, trueName, mobilePhone, agentNumber, roleId, maxServiceSessionCount = "10" }));
        return answer.AssertOk().Entity;
    }

    protected async Task<HttpResponseMessage> LoginAsync(string username, string password) =>
        await Server.Http.PostAsJsonAsync("/api/tenants/1/agents/token", new { username, password }, Ct);
}
