using System.Net;
using System.Text.Json;
using KefuHub.Routing;
using KefuHub.Server.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Api;

/// <summary>
/// Tenant isolation and SQL injection on every Easemob call (SQLite; see <see cref="PostgresEasemobIsolationTests"/>):
/// another tenant's token gets API_003 and hostile strings get a 400 or nothing, never another tenant's rows or a 500.
/// </summary>
public class EasemobIsolationTests : ApiTestBase
{
    public static readonly TheoryData<string> Injections =
    [
        "' OR '1'='1",
        "' OR 1=1 --",
        "\" OR \"\"=\"",
        "1; DROP TABLE sessions; --",
        "x') UNION SELECT user_id FROM agents --",
        "%",
        "_",
        "\\",
        "' AND tenant_id = 2 --",
    ];

    private static readonly (HttpMethod Method, string Path, string? Body)[] Calls =
    [
        (HttpMethod.Get, "agents?page=0&size=10&keyValue=a", null),
        (HttpMethod.Post, "agent", """{"nicename":"n","username":"new@x","password":"qwe12345","roleId":2}"""),
        (HttpMethod.Put, "agent", """{"username":"admin@test","nicename":"hacked"}"""),
        (HttpMethod.Get, "roles", null),
        (HttpMethod.Put, "agent/password", """{"username":"admin@test","password":"qwe123456"}"""),
        (HttpMethod.Delete, "agent", """{"username":"admin@test"}"""),
        (HttpMethod.Put, "agent/disable", """{"username":"admin@test"}"""),
        (HttpMethod.Put, "agent/enable", """{"username":"admin@test"}"""),
        (HttpMethod.Get, "serviceSessionHistorys?page=1&per_page=10", null),
    ];

    [Fact]
    public async Task OtherTenantsToken_Api003_OnEveryCall_BothWays()
    {
        var two = await OtherTenantAsync();
        var one = await ApiTokenAsync();
        foreach (var (method, path, body) in Calls)
        {
            (await SendAsync(method, $"/api/tenants/1/{path}", two, body)).AssertError("API_003", HttpStatusCode.Forbidden);
            (await SendAsync(method, $"/api/tenants/2/{path}", one, body)).AssertError("API_003", HttpStatusCode.Forbidden);
        }

        var admin = await Server.Services.GetRequiredService<IAgentStore>().FindAgentByUsernameAsync(1, "admin@test", Ct);
        Assert.Equal("admin@test", admin!.Nicename);
        Assert.True(admin.Enabled);
        Assert.Null(await Server.Services.GetRequiredService<IAgentStore>().FindAgentByUsernameAsync(1, "new@x", Ct));
        Assert.Null(await Server.Services.GetRequiredService<IAgentStore>().FindAgentByUsernameAsync(OtherTenantId, "new@x", Ct));
    }

    [Fact]
    public async Task OtherTenant_SeesOnlyItsOwnRows()
    {
        var two = await OtherTenantAsync();
        await SeedSessionAsync(1, "one-session", "Shared Name");
        await SeedSessionAsync(OtherTenantId, "two-session", "Shared Name");

        var agents = (await GetAsync("/api/tenants/2/agents?page=0&size=50", two)).AssertOk();
        Assert.Equal(["other@tenant2"], agents.Entities.EnumerateArray().Select(a => a.GetProperty("username").GetString()));
        Assert.Equal(1, agents.Body.GetProperty("totalElements").GetInt32());
        var history = (await GetAsync("/api/tenants/2/serviceSessionHistorys?customerName=shared", two)).AssertOk().Entity;
        Assert.Equal(["two-session"], history.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serviceSessionId").GetString()));

        // Same username in both tenants: each tenant's calls act on its own agent.
        var one = await ApiTokenAsync();
        await CreateAgentAsync(one, "other@tenant2", nicename: "Mine");
        (await SendAsync(HttpMethod.Put, "/api/tenants/1/agent/disable", one, """{"username":"other@tenant2"}""")).AssertOk();
        Assert.True((await Server.Services.GetRequiredService<IAgentStore>().FindAgentByUsernameAsync(OtherTenantId, "other@tenant2", Ct))!.Enabled);
    }

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task Injection_InAgentSearch_FindsNothing(string hostile)
    {
        var one = await ApiTokenAsync();
        await OtherTenantAsync();
        var answer = await GetAsync($"/api/tenants/1/agents?page=0&size=50&keyValue={Uri.EscapeDataString(hostile)}", one);

        Assert.Empty(answer.AssertOk().Entities.EnumerateArray());
        Assert.Equal(0, answer.Body.GetProperty("totalElements").GetInt32());
        await AssertIntactAsync(one);
    }

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task Injection_InAgentBodies_IsJustAnUnknownUsername(string hostile)
    {
        var one = await ApiTokenAsync();
        await OtherTenantAsync();
        var username = JsonSerializer.Serialize(hostile);
        foreach (var path in new[] { "agent/disable", "agent/enable", "agent/password", "agent" })
        {
            var answer = await SendAsync(HttpMethod.Put, $"/api/tenants/1/{path}", one, $$"""{"username":{{username}},"password":"qwe123456","nicename":"x"}""");
            answer.AssertError("API_104", HttpStatusCode.NotFound);
        }

        (await SendAsync(HttpMethod.Delete, "/api/tenants/1/agent", one, $$"""{"username":{{username}}}""")).AssertError("API_104", HttpStatusCode.NotFound);
        await AssertIntactAsync(one);
    }

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task Injection_InEveryHistoryParameter_Is400OrNothing(string hostile)
    {
        var one = await ApiTokenAsync();
        await OtherTenantAsync();
        await SeedSessionAsync(1, "one-session", "Visitor One");
        await SeedSessionAsync(OtherTenantId, "two-session", "Visitor Two");
        string[] parameters =
        [
            "page", "per_page", "state", "originType", "customerName", "transfered", "fromAgentCallback", "enquirySummary", "queueIds",
            "agentIds", "queueId", "agentUserId", "beginDate", "endDate", "stopDateFrom", "stopDateTo", "createDateFrom", "createDateTo",
            "sortField", "sortOrder",
        ];
        foreach (var parameter in parameters)
        {
            var answer = await GetAsync($"/api/tenants/1/serviceSessionHistorys?{parameter}={Uri.EscapeDataString(hostile)}", one);
            if (answer.Status == HttpStatusCode.OK)
            {
                Assert.Equal("customerName", parameter);
                Assert.Empty(answer.Entity.GetProperty("items").EnumerateArray());
            }
            else
            {
                Assert.Contains(parameter, answer.AssertError("API_001", HttpStatusCode.BadRequest), StringComparison.Ordinal);
            }
        }

        var all = (await GetAsync("/api/tenants/1/serviceSessionHistorys", one)).AssertOk().Entity;
        Assert.Equal(["one-session"], all.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serviceSessionId").GetString()));
    }

    /// <summary>The tables are still there and nothing was changed.</summary>
    private async Task AssertIntactAsync(string token)
    {
        var agents = (await GetAsync("/api/tenants/1/agents?page=0&size=50", token)).AssertOk();
        var admin = Assert.Single(agents.Entities.EnumerateArray());
        Assert.Equal("admin@test", admin.GetProperty("username").GetString());
        Assert.Equal("Enable", admin.GetProperty("status").GetString());
        Assert.Equal("admin@test", admin.GetProperty("nicename").GetString());
        (await GetAsync("/api/tenants/1/serviceSessionHistorys", token)).AssertOk();
    }

    private async Task SeedSessionAsync(int tenantId, string id, string nickname)
    {
        var now = DateTimeOffset.UtcNow;
        await Server.Services.GetRequiredService<IVisitorStore>().CreateVisitorAsync(new VisitorRecord { TenantId = tenantId, VisitorId = "v-" + id, Nickname = nickname, CreatedAt = now }, Ct);
        await Server.Services.GetRequiredService<ISessionStore>().UpsertSessionAsync(
            new SessionRecord { TenantId = tenantId, ServiceSessionId = id, VisitorId = "v-" + id, State = SessionState.Terminal, CreatedAt = now, StoppedAt = now },
            Ct);
    }
}
