using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Api;

/// <summary>Visitor profiles, tags and identity across devices on SQLite; see <see cref="PostgresVisitorProfileTests"/>.</summary>
public class VisitorProfileTests : AdminApiTestBase
{
    private const string Secret = "identity-secret-0123456789";

    [Fact]
    public async Task SignUp_RecordsProfileSourceAndUserAgent_ReadByAgentsAdminsAndItself_OnlyInItsTenant()
    {
        var (visitorId, token) = await SignUpAsync(new
        {
            nickname = "Guest",
            profile = new { trueName = "张三", phone = "13800000000", email = "zhang@example.com", company = "ACME", description = "VIP", customFields = new { plan = "gold", orderId = "A-1" } },
            source = new { page = "https://shop.example/cart", referrer = "https://search.example/?q=shoes" },
        });
        var agent = await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);
        var intruder = await Server.CreateVisitorAsync(cancellationToken: Ct);

        var seen = (await GetAsync(T($"/visitors/{visitorId}"), agent.Token)).Ok().Entity;
        Assert.Equal(visitorId, seen.GetProperty("visitorId").GetString());
        Assert.Equal("Guest", seen.GetProperty("nickname").GetString());
        Assert.Equal("张三", seen.GetProperty("trueName").GetString());
        Assert.Equal("ACME", seen.GetProperty("company").GetString());
        Assert.Equal("gold", seen.GetProperty("customFields").GetProperty("plan").GetString());
        Assert.Equal("https://shop.example/cart", seen.GetProperty("source").GetProperty("page").GetString());
        Assert.Equal("https://search.example/?q=shoes", seen.GetProperty("source").GetProperty("referrer").GetString());
        Assert.Equal("KefuTest/1.0", seen.GetProperty("source").GetProperty("userAgent").GetString());
        Assert.Equal(JsonValueKind.Null, seen.GetProperty("userId").ValueKind);
        Assert.Empty(seen.GetProperty("tagIds").EnumerateArray());
        Assert.NotEqual(JsonValueKind.Null, seen.GetProperty("lastSeenDatetime").ValueKind);
        (await GetAsync(T($"/visitors/{visitorId}"))).Ok();
        (await GetAsync(T($"/visitors/{visitorId}"), token)).Ok();

        // Another visitor, another tenant, a made-up id: nothing.
        (await GetAsync(T($"/visitors/{visitorId}"), intruder.Token)).Fails(HttpStatusCode.NotFound, "API_404");
        (await PutAsync(T($"/visitors/{visitorId}"), new { nickname = "x" }, intruder.Token)).Fails(HttpStatusCode.NotFound, "API_404");
        var other = await OtherTenantTokenAsync();
        (await GetAsync(T($"/visitors/{visitorId}"), other)).Fails(HttpStatusCode.Forbidden, "API_003");
        (await GetAsync($"/api/tenants/{OtherTenantId}/visitors/{visitorId}", other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await GetAsync(T("/visitors/no-such-visitor"))).Fails(HttpStatusCode.NotFound, "API_404");
        (await GetAsync(T($"/visitors/{visitorId}"), string.Empty)).Fails(HttpStatusCode.Unauthorized, "API_002");
    }

    [Fact]
    public async Task Put_ChangesOnlyGivenFields_EmptyClears_CustomFieldsReplace_ByAgentOrTheVisitorItself()
    {
        var (visitorId, token) = await SignUpAsync(new { profile = new { trueName = "A", phone = "1", customFields = new { a = "1" } } });
        var agent = await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);

        var changed = (await PutAsync(T($"/visitors/{visitorId}"), new { phone = "", company = "New Co", customFields = new { b = "2" } }, agent.Token)).Ok().Entity;
        Assert.Equal("A", changed.GetProperty("trueName").GetString());
        Assert.Equal(JsonValueKind.Null, changed.GetProperty("phone").ValueKind);
        Assert.Equal("New Co", changed.GetProperty("company").GetString());
        Assert.Equal(["b"], changed.GetProperty("customFields").EnumerateObject().Select(p => p.Name));

        // The host page's KefuHub.setProfile writes with the visitor's own token.
        (await PutAsync(T($"/visitors/{visitorId}"), new { nickname = "Me" }, token)).Ok();
        var stored = (await GetAsync(T($"/visitors/{visitorId}"))).Ok().Entity;
        Assert.Equal(("Me", "New Co"), (stored.GetProperty("nickname").GetString(), stored.GetProperty("company").GetString()));
    }

    public static TheoryData<string, string> BadProfiles => new()
    {
        { """{"nickname":"NNNN"}""".Replace("NNNN", new string('n', 101), StringComparison.Ordinal), "nickname" },
        { """{"trueName":"NNNN"}""".Replace("NNNN", new string('n', 101), StringComparison.Ordinal), "trueName" },
        { """{"company":"NNNN"}""".Replace("NNNN", new string('n', 101), StringComparison.Ordinal), "company" },
        { """{"phone":"NNNN"}""".Replace("NNNN", new string('1', 51), StringComparison.Ordinal), "phone" },
        { """{"email":"NNNN@x.com"}""".Replace("NNNN", new string('e', 200), StringComparison.Ordinal), "email" },
        { """{"email":"not-an-address"}""", "email" },
        { """{"description":"NNNN"}""".Replace("NNNN", new string('d', 1001), StringComparison.Ordinal), "description" },
        { "{\"customFields\":{" + string.Join(",", Enumerable.Range(0, 21).Select(i => $"\"k{i}\":\"v\"")) + "}}", "customFields" },
        { "{\"customFields\":{\"" + new string('k', 51) + "\":\"v\"}}", "customFields" },
        { "{\"customFields\":{\"k\":\"" + new string('v', 501) + "\"}}", "customFields.k" },
        { """{"customFields":{"k":null}}""", "customFields.k" },
        { """{"customFields":{"k":5}}""", "customFields" },
        { """{"customFields":["a"]}""", "customFields" },
        { """{"nickname":{"a":1}}""", "nickname" },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task OversizedOrMalformedProfiles_Are400_NamingTheField_OnPutAndOnSignUp(string profile, string field)
    {
        var (visitorId, _) = await SignUpAsync(new { nickname = "Before" });

        var put = await RawAsync(HttpMethod.Put, T($"/visitors/{visitorId}"), profile, await AdminTokenAsync());
        put.Fails(HttpStatusCode.BadRequest, "API_001");
        Assert.Contains(field, put.Body.GetProperty("errorDescription").GetString(), StringComparison.Ordinal);
        var signUp = await RawAsync(HttpMethod.Post, T("/visitors"), "{\"profile\":" + profile + "}", null);
        signUp.Fails(HttpStatusCode.BadRequest, "API_001");
        Assert.Equal("Before", (await GetAsync(T($"/visitors/{visitorId}"))).Ok().Entity.GetProperty("nickname").GetString());
    }

    [Fact]
    public async Task BadSourceUrls_AreRefused()
    {
        (await RawAsync(HttpMethod.Post, T("/visitors"), """{"source":{"page":"javascript:alert(1)"}}""", null)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await RawAsync(HttpMethod.Post, T("/visitors"), "{\"source\":{\"referrer\":\"https://x.example/" + new string('a', 2048) + "\"}}", null)).Fails(HttpStatusCode.BadRequest, "API_001");
    }

    [Fact]
    public async Task Identity_SameVisitorOnEveryDevice_NewToken_SameOpenSession_AndTheSecretIsWriteOnly()
    {
        var settings = (await PutAsync(T("/settings"), new { identitySecret = Secret })).Ok().Entity;
        Assert.True(settings.GetProperty("identitySecretSet").GetBoolean());
        Assert.False(settings.TryGetProperty("identitySecret", out _));
        Assert.DoesNotContain(Secret, (await GetAsync(T("/settings"))).Body.GetRawText(), StringComparison.Ordinal);
        await OnlineAgentAsync("alice@test");

        var (first, firstToken) = await SignUpAsync(new { userId = "customer-42", userHash = Hash(Secret, "customer-42"), profile = new { trueName = "Zhang" } });
        var phone = await ReconnectVisitorAsync(new TestVisitor(first, firstToken));
        var session = (await phone.StartAsync(new StartSessionRequest(Text: "from my phone"))).ServiceSessionId;

        // Another device: the hash in upper case works too.
        var (second, secondToken) = await SignUpAsync(new { userId = "customer-42", userHash = Hash(Secret, "customer-42").ToUpperInvariant(), profile = new { company = "ACME" } });
        Assert.Equal(first, second);
        Assert.NotEqual(firstToken, secondToken);
        var laptop = await ReconnectVisitorAsync(new TestVisitor(second, secondToken));
        Assert.Equal(session, (await laptop.StartAsync()).ServiceSessionId);
        var history = await laptop.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(session!), Ct);
        Assert.Contains(history, m => m.Text == "from my phone");
        var profile = (await GetAsync(T($"/visitors/{first}"))).Ok().Entity;
        Assert.Equal(("customer-42", "Zhang", "ACME"), (profile.GetProperty("userId").GetString(), profile.GetProperty("trueName").GetString(), profile.GetProperty("company").GetString()));

        // Another customer is another visitor; anonymous visitors stay anonymous.
        var (third, _) = await SignUpAsync(new { userId = "customer-43", userHash = Hash(Secret, "customer-43") });
        Assert.NotEqual(first, third);
        Assert.NotEqual(first, (await SignUpAsync(new { })).VisitorId);
    }

    [Fact]
    public async Task ForgedOrMissingUserHash_IsRefused_AndWithoutASecretIdentityIsOff()
    {
        (await RawAsync(HttpMethod.Post, T("/visitors"), JsonSerializer.Serialize(new { userId = "customer-42", userHash = Hash(Secret, "customer-42") }), null)).Fails(HttpStatusCode.Forbidden, "API_007");
        (await PutAsync(T("/settings"), new { identitySecret = Secret })).Ok();

        (await RawAsync(HttpMethod.Post, T("/visitors"), JsonSerializer.Serialize(new { userId = "customer-42", userHash = Hash("another-secret-0123456", "customer-42") }), null)).Fails(HttpStatusCode.Forbidden, "API_007");
        (await RawAsync(HttpMethod.Post, T("/visitors"), JsonSerializer.Serialize(new { userId = "customer-42", userHash = Hash(Secret, "customer-43") }), null)).Fails(HttpStatusCode.Forbidden, "API_007");
        (await RawAsync(HttpMethod.Post, T("/visitors"), JsonSerializer.Serialize(new { userId = "customer-42", userHash = "zz-not-hex" }), null)).Fails(HttpStatusCode.Forbidden, "API_007");
        (await RawAsync(HttpMethod.Post, T("/visitors"), JsonSerializer.Serialize(new { userId = "customer-42", userHash = Hash(Secret, "customer-42")[..62] }), null)).Fails(HttpStatusCode.Forbidden, "API_007");
        (await RawAsync(HttpMethod.Post, T("/visitors"), JsonSerializer.Serialize(new { userId = "customer-42" }), null)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await RawAsync(HttpMethod.Post, T("/visitors"), JsonSerializer.Serialize(new { userId = new string('u', 129), userHash = "00" }), null)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/settings"), new { identitySecret = "short" })).Fails(HttpStatusCode.BadRequest, "API_001");

        // Tenant 2 has its own secret (none): tenant 1's hash proves nothing there.
        await OtherTenantTokenAsync();
        (await RawAsync(HttpMethod.Post, $"/api/tenants/{OtherTenantId}/visitors", JsonSerializer.Serialize(new { userId = "customer-42", userHash = Hash(Secret, "customer-42") }), null)).Fails(HttpStatusCode.Forbidden, "API_007");

        (await PutAsync(T("/settings"), new { identitySecret = "" })).Ok();
        Assert.False((await GetAsync(T("/settings"))).Ok().Entity.GetProperty("identitySecretSet").GetBoolean());
        (await RawAsync(HttpMethod.Post, T("/visitors"), JsonSerializer.Serialize(new { userId = "customer-42", userHash = Hash(Secret, "customer-42") }), null)).Fails(HttpStatusCode.Forbidden, "API_007");
    }

    [Fact]
    public async Task Tags_AppliedByAgents_ShownInHistory_ChecksTagsAndCallers()
    {
        var vip = (await PostAsync(T("/visitorTags"), new { name = "VIP" })).Ok().Entity.GetProperty("id").GetInt32();
        var repeat = (await PostAsync(T("/visitorTags"), new { name = "Repeat" })).Ok().Entity.GetProperty("id").GetInt32();
        var agent = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync("Tagged");
        await visitor.StartAsync();

        var tagged = (await PutAsync(T($"/visitors/{visitor.Visitor.VisitorId}/tags"), new { tagIds = new[] { vip, repeat, vip } }, agent.Agent.Token)).Ok().Entity;
        Assert.Equal([vip, repeat], tagged.GetProperty("tagIds").EnumerateArray().Select(t => t.GetInt32()));
        var item = Assert.Single((await GetAsync(T("/serviceSessionHistorys"))).Ok().Entity.GetProperty("items").EnumerateArray());
        Assert.Equal("VIP,Repeat", item.GetProperty("visitorUserTags").GetString());

        (await PutAsync(T($"/visitors/{visitor.Visitor.VisitorId}/tags"), new { tagIds = new[] { 999 } })).Fails(HttpStatusCode.NotFound, "API_404");
        (await PutAsync(T($"/visitors/{visitor.Visitor.VisitorId}/tags"), new { tagIds = new[] { vip } }, visitor.Visitor.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await PutAsync(T($"/visitors/{visitor.Visitor.VisitorId}/tags"), new { })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T($"/visitors/{visitor.Visitor.VisitorId}/tags"), new { tagIds = Enumerable.Range(1, 51).ToArray() })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/visitors/nobody/tags"), new { tagIds = new[] { vip } })).Fails(HttpStatusCode.NotFound, "API_404");
        var other = await OtherTenantTokenAsync();
        var theirTag = (await PostAsync($"/api/tenants/{OtherTenantId}/visitorTags", new { name = "Theirs" }, other)).Ok().Entity.GetProperty("id").GetInt32();
        (await PutAsync($"/api/tenants/{OtherTenantId}/visitors/{visitor.Visitor.VisitorId}/tags", new { tagIds = new[] { theirTag } }, other)).Fails(HttpStatusCode.NotFound, "API_404");

        (await PutAsync(T($"/visitors/{visitor.Visitor.VisitorId}/tags"), new { tagIds = Array.Empty<int>() })).Ok();
        Assert.Equal(JsonValueKind.Null, Assert.Single((await GetAsync(T("/serviceSessionHistorys"))).Ok().Entity.GetProperty("items").EnumerateArray()).GetProperty("visitorUserTags").ValueKind);
    }

    private static string Hash(string secret, string userId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(userId)));

    private async Task<(string VisitorId, string Token)> SignUpAsync(object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, T("/visitors")) { Content = JsonContent.Create(body) };
        request.Headers.UserAgent.ParseAdd("KefuTest/1.0");
        using var response = await Server.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, text);
        var entity = JsonDocument.Parse(text).RootElement.GetProperty("entity");
        return (entity.GetProperty("visitorId").GetString()!, entity.GetProperty("token").GetString()!);
    }

    private async Task<ApiResult> RawAsync(HttpMethod method, string path, string json, string? token)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Add("Kefu-Token", token);
        }

        using var response = await Server.Http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return new ApiResult(response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
