using System.Net;
using System.Text.Json;

namespace KefuHub.LoadTests.Client;

/// <summary>The hub's REST API as the load test uses it: the tenant's client-credentials token for
/// set-up and for reading the state back, sign-ups and agent logins spread over the source addresses.</summary>
internal sealed class KefuRestClient(IReadOnlyList<HttpClient> clients, int tenantId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private long _next = -1;
    private string? _adminToken;

    public int TenantId => tenantId;

    public async Task SignInAsync(string clientId, string secretId, CancellationToken cancellationToken)
    {
        var token = await SendAsync<AccessTokenEntity>(HttpMethod.Post, $"/api/tenant/{tenantId}/accessToken", new { clientId, secretId }, admin: false, cancellationToken);
        _adminToken = token!.AccessToken;
    }

    public Task CreateAgentAsync(string username, string password, int capacity, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Post, $"/api/tenants/{tenantId}/agent",
            new { nicename = username, username, password, roleId = 2, maxServiceSessionCount = capacity }, admin: true, cancellationToken);

    public Task DeleteAgentAsync(string username, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Delete, $"/api/tenants/{tenantId}/agent", new { username }, admin: true, cancellationToken);

    public async Task<string> LoginAgentAsync(string username, string password, CancellationToken cancellationToken) =>
        (await SendAsync<AccessTokenEntity>(HttpMethod.Post, $"/api/tenants/{tenantId}/agents/token", new { username, password }, admin: false, cancellationToken))!.AccessToken;

    public async Task<VisitorEntity> CreateVisitorAsync(string nickname, CancellationToken cancellationToken) =>
        (await SendAsync<VisitorEntity>(HttpMethod.Post, $"/api/tenants/{tenantId}/visitors", new { nickname }, admin: false, cancellationToken))!;

    public async Task<IReadOnlyList<OnlineAgentEntity>> GetOnlineAgentsAsync(CancellationToken cancellationToken) =>
        await ListAsync<OnlineAgentEntity>($"/api/tenants/{tenantId}/agents/online", cancellationToken);

    public async Task<IReadOnlyList<SessionEntity>> GetAgentSessionsAsync(string username, CancellationToken cancellationToken) =>
        await ListAsync<SessionEntity>($"/api/tenants/{tenantId}/agents/{Uri.EscapeDataString(username)}/sessions", cancellationToken);

    public async Task<WaitingsEntity> GetWaitingsAsync(CancellationToken cancellationToken) =>
        (await SendAsync<WaitingsEntity>(HttpMethod.Get, $"/api/tenants/{tenantId}/waitings?size=100", null, admin: true, cancellationToken))!;

    /// <summary>The visitor's open session, or null (404).</summary>
    public async Task<SessionEntity?> GetVisitorSessionAsync(string visitorId, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync<SessionEntity>(HttpMethod.Get, $"/api/tenants/{tenantId}/visitors/{Uri.EscapeDataString(visitorId)}/session", null, admin: true, cancellationToken);
        }
        catch (KefuApiException e) when (e.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>All of a session's messages in <c>seq</c> order, paged 100 at a time.</summary>
    public async Task<IReadOnlyList<MessageEntity>> GetMessagesAsync(string serviceSessionId, CancellationToken cancellationToken)
    {
        var all = new List<MessageEntity>();
        while (true)
        {
            var afterSeq = all.Count == 0 ? 0 : all[^1].Seq;
            var page = await ListAsync<MessageEntity>($"/api/tenants/{tenantId}/sessions/{Uri.EscapeDataString(serviceSessionId)}/messages?afterSeq={afterSeq}&size=100", cancellationToken);
            all.AddRange(page);
            if (page.Count < 100)
            {
                return all;
            }
        }
    }

    public Task CloseSessionAsync(string serviceSessionId, CancellationToken cancellationToken) =>
        SendAsync<JsonElement>(HttpMethod.Post, $"/api/tenants/{tenantId}/sessions/{Uri.EscapeDataString(serviceSessionId)}/close", new { }, admin: true, cancellationToken);

    private async Task<List<T>> ListAsync<T>(string path, CancellationToken cancellationToken)
    {
        var envelope = await SendEnvelopeAsync<T>(HttpMethod.Get, path, null, admin: true, cancellationToken);
        return envelope.Entities ?? [];
    }

    private async Task<T?> SendAsync<T>(HttpMethod method, string path, object? body, bool admin, CancellationToken cancellationToken) =>
        (await SendEnvelopeAsync<T>(method, path, body, admin, cancellationToken)).Entity;

    private async Task<ApiEnvelope<T>> SendEnvelopeAsync<T>(HttpMethod method, string path, object? body, bool admin, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Json);
        }

        if (admin)
        {
            request.Headers.Add("Kefu-Token", _adminToken ?? throw new InvalidOperationException("Sign in first."));
        }

        var client = clients[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)clients.Count)];
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new KefuApiException(response.StatusCode, $"{method} {path}", text);
        }

        return JsonSerializer.Deserialize<ApiEnvelope<T>>(text, Json) ?? throw new KefuApiException(response.StatusCode, $"{method} {path}", text);
    }
}
