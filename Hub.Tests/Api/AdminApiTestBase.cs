using System.Net.Http.Json;
using System.Text.Json;
using KefuHub.Tests.Infrastructure;
using KefuHub.Tests.Server.Hubs;

namespace KefuHub.Tests.Api;

/// <summary>A real hub and REST helpers: calls as tenant 1's admin, and a second tenant with its own client token.</summary>
public abstract class AdminApiTestBase : HubTestBase
{
    public const int OtherTenantId = 2;
    private string? _adminToken;
    private string? _otherTenantToken;

    /// <summary>Loopback webhooks allowed, and retries fast enough for a test.</summary>
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Kefu:Webhooks:AllowPrivateNetworks"] = "true",
        ["Kefu:Webhooks:InitialRetryDelay"] = "00:00:00.100",
        ["Kefu:Webhooks:MaxRetryDelay"] = "00:00:00.400",
        ["Kefu:Webhooks:PollInterval"] = "00:00:00.050",
        ["Kefu:Webhooks:RequestTimeout"] = "00:00:02",
        ["Kefu:Webhooks:Lease"] = "00:00:03",
    };

    protected static string T(string path) => $"/api/tenants/{KefuTestServer.TenantId}{path}";

    protected async Task<string> AdminTokenAsync() =>
        _adminToken ??= await Server.LoginAsync(KefuTestServer.AdminUsername, KefuTestServer.AdminPassword, Ct);

    /// <summary>A client-credentials token of tenant 1 (as an Easemob REST script gets one).</summary>
    protected async Task<string> ApiTokenAsync() =>
        (await PostAsync($"/api/tenant/{KefuTestServer.TenantId}/accessToken", new { clientId = ApiTestBase.ClientId, secretId = ApiTestBase.SecretId }, string.Empty))
            .Ok().Entity.GetProperty("accessToken").GetString()!;

    /// <summary>Tenant 2 (created once) and a client-credentials token of it.</summary>
    protected async Task<string> OtherTenantTokenAsync()
    {
        if (_otherTenantToken is not null)
        {
            return _otherTenantToken;
        }

        // A real second tenant, made as an operator makes one, and a token from its own client credentials.
        var tenant = await Server.CreateTenantAsync("other", "admin@other", "other-password", Ct);
        Assert.Equal(OtherTenantId, tenant.TenantId);
        var token = (await PostAsync($"/api/tenant/{tenant.TenantId}/accessToken", new { clientId = tenant.ClientId, secretId = tenant.SecretId }, string.Empty))
            .Ok().Entity.GetProperty("accessToken").GetString()!;
        return _otherTenantToken = token;
    }

    protected Task<ApiResult> GetAsync(string path, string? token = null) => CallAsync(HttpMethod.Get, path, null, token);

    protected Task<ApiResult> PostAsync(string path, object? body, string? token = null) => CallAsync(HttpMethod.Post, path, body, token);

    protected Task<ApiResult> PutAsync(string path, object? body, string? token = null) => CallAsync(HttpMethod.Put, path, body, token);

    protected Task<ApiResult> DeleteAsync(string path, string? token = null) => CallAsync(HttpMethod.Delete, path, null, token);

    /// <param name="token">Tenant 1's admin token when null; empty for none.</param>
    protected async Task<ApiResult> CallAsync(HttpMethod method, string path, object? body, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        token ??= await AdminTokenAsync();
        if (token.Length > 0)
        {
            request.Headers.Add("Kefu-Token", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await Server.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        var json = response.Content.Headers.ContentType?.MediaType == "application/json";
        return new ApiResult(response.StatusCode, text.Length == 0 ? default : json ? JsonDocument.Parse(text).RootElement.Clone() : JsonSerializer.SerializeToElement(text));
    }
}
