using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using KefuHub.Routing;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Api;

/// <summary>Seed 001's access token and agent calls, replayed as its curl examples (SQLite; see <see cref="PostgresEasemobAgentTests"/>).</summary>
public partial class EasemobAgentTests : ApiTestBase
{
    private static readonly string[] AgentFields =
    [
        "tenantId", "userId", "userType", "userScope", "password", "username", "roles", "createDateTime", "lastUpdateDateTime",
        "status", "state", "maxServiceSessionCount", "trueName", "mobilePhone", "agentType", "roleList", "scope", "bizId",
        "onLineState", "currentOnLineState", "nicename", "language", "timeZone", "agentNumber",
    ];

    [Fact]
    public async Task AccessToken_CurlExample_ReturnsTokenFor7200Seconds()
    {
        var answer = await SendAsync(HttpMethod.Post, "/api/tenant/1/accessToken", null, """
            {
            "clientId":"test-client",
            "secretId":"test-secret"
            }
            """);

        var entity = answer.AssertOk().Entity;
        Assert.Equal(7200, entity.GetProperty("expireTime").GetInt32());
        var token = entity.GetProperty("accessToken").GetString()!;
        Assert.True(token.Length >= 32);
        (await GetAsync("/api/tenants/1/roles", token)).AssertOk();
    }

    [Theory]
    [InlineData("""{"clientId":"test-client","secretId":"wrong"}""")]
    [InlineData("""{"clientId":"wrong","secretId":"test-secret"}""")]
    public async Task AccessToken_WrongCredentials_Api004(string body) =>
        (await SendAsync(HttpMethod.Post, "/api/tenant/1/accessToken", null, body)).AssertError("API_004", HttpStatusCode.Unauthorized);

    [Theory]
    [InlineData("""{"clientId":"test-client"}""")]
    [InlineData("not json")]
    [InlineData("")]
    public async Task AccessToken_MissingOrMalformedBody_Api001(string body) =>
        (await SendAsync(HttpMethod.Post, "/api/tenant/1/accessToken", null, body)).AssertError("API_001", HttpStatusCode.BadRequest);

    [Fact]
    public async Task AccessToken_OtherTenantsPath_Api004() =>
        (await SendAsync(HttpMethod.Post, "/api/tenant/2/accessToken", null, """{"clientId":"test-client","secretId":"test-secret"}"""))
            .AssertError("API_004", HttpStatusCode.Unauthorized);

    [Fact]
    public async Task Calls_WithoutBadOrExpiredToken_Api002()
    {
        (await GetAsync("/api/tenants/1/agents", null)).AssertError("API_002", HttpStatusCode.Unauthorized);
        (await GetAsync("/api/tenants/1/agents", "not-a-token")).AssertError("API_002", HttpStatusCode.Unauthorized);
        const string expired = "expired-token-value";
        await Server.Services.GetRequiredService<ITokenStore>().SaveTokenAsync(
            new AccessTokenRecord(KefuHub.Server.Security.SecretHasher.HashToken(expired), 1, TokenKind.Api, ClientId, DateTimeOffset.UtcNow.AddSeconds(-1)), Ct);
        (await GetAsync("/api/tenants/1/agents", expired)).AssertError("API_002", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Calls_AgentTokens_OnlyAdministrators()
    {
        var agent = await Server.CreateAgentAsync("plain@test", cancellationToken: Ct);
        (await GetAsync("/api/tenants/1/agents", agent.Token)).AssertError("API_006", HttpStatusCode.Forbidden);
        var admin = await Server.LoginAsync(KefuTestServer.AdminUsername, KefuTestServer.AdminPassword, Ct);
        (await GetAsync("/api/tenants/1/agents", admin)).AssertOk();
    }

    [Fact]
    public async Task CreateThenSearch_CurlExamples_AnswerWithTheDocumentsFields()
    {
        var token = await ApiTokenAsync();
        var created = (await SendAsync(HttpMethod.Post, "/api/tenants/1/agent", token, """
            {
            "nicename":"123",
            "username":"32273591@qq.com",
            "password":"qwe12345",
            "trueName":"321",
            "mobilePhone":"",
            "agentNumber":"",
            "roleId":1,
            "maxServiceSessionCount":"10"
            }
            """)).AssertOk().Entity;
        AssertAgentFields(created);
        Assert.Equal("123", created.GetProperty("nicename").GetString());
        Assert.Equal("admin,agent", created.GetProperty("roles").GetString());
        Assert.Equal(10, created.GetProperty("maxServiceSessionCount").GetInt32());

        var answer = (await GetAsync("/api/tenants/1/agents?page=0&size=10&keyValue=32273591@qq.com", token)).AssertOk();
        var agent = Assert.Single(answer.Entities.EnumerateArray());
        AssertAgentFields(agent);
        Assert.Equal(created.GetProperty("userId").GetString(), agent.GetProperty("userId").GetString());
        Assert.Equal(1, agent.GetProperty("tenantId").GetInt32());
        Assert.Equal("32273591@qq.com", agent.GetProperty("username").GetString());
        Assert.Equal("", agent.GetProperty("password").GetString());
        Assert.Equal("Enable", agent.GetProperty("status").GetString());
        Assert.Equal("Offline", agent.GetProperty("state").GetString());
        Assert.Equal("321", agent.GetProperty("trueName").GetString());
        Assert.Equal("1", agent.GetProperty("bizId").GetString());
        var role = Assert.Single(agent.GetProperty("roleList").EnumerateArray());
        Assert.Equal(1, role.GetProperty("role_id").GetInt32());
        Assert.Equal("admin", role.GetProperty("role_name").GetString());
        Assert.Matches(DateTimeFormat(), agent.GetProperty("createDateTime").GetString()!);
        Assert.True(answer.Body.GetProperty("first").GetBoolean());
        Assert.True(answer.Body.GetProperty("last").GetBoolean());
        Assert.Equal(10, answer.Body.GetProperty("size").GetInt32());
        Assert.Equal(0, answer.Body.GetProperty("number").GetInt32());
        Assert.Equal(1, answer.Body.GetProperty("numberOfElements").GetInt32());
        Assert.Equal(1, answer.Body.GetProperty("totalPages").GetInt32());
        Assert.Equal(1, answer.Body.GetProperty("totalElements").GetInt32());

        var routed = await Server.Services.GetRequiredService<RoutingEngine>().ReadAsync(1, s => s.GetAgent(agent.GetProperty("userId").GetString()!), Ct);
        Assert.NotNull(routed);
        Assert.Equal(10, routed.MaxServiceSessionCount);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("32273591@qq.com", "qwe12345")).StatusCode);
    }

    [Fact]
    public async Task Search_MatchesUsernameTrueNamePhoneAndNumber_CaseInsensitively()
    {
        var token = await ApiTokenAsync();
        await CreateAgentAsync(token, "Mixed.Case@Example.com");
        await CreateAgentAsync(token, "t@x", trueName: "Wang Xiaoming");
        await CreateAgentAsync(token, "p@x", mobilePhone: "13800138000");
        await CreateAgentAsync(token, "n@x", agentNumber: "A-0042");

        Assert.Equal(["Mixed.Case@Example.com"], await SearchAsync(token, "mixed.case@example"));
        Assert.Equal(["t@x"], await SearchAsync(token, "xiaoMING"));
        Assert.Equal(["p@x"], await SearchAsync(token, "0013800"));
        Assert.Equal(["n@x"], await SearchAsync(token, "a-0042"));
        Assert.Empty(await SearchAsync(token, "nobody"));
        Assert.Equal(5, (await SearchAsync(token, "")).Count); // And the bootstrap admin.
    }

    [Fact]
    public async Task Search_PagingEdges()
    {
        var token = await ApiTokenAsync();
        for (var i = 0; i < 5; i++)
        {
            await CreateAgentAsync(token, $"page{i}@paging");
        }

        var first = (await GetAsync("/api/tenants/1/agents?page=0&size=2&keyValue=@paging", token)).AssertOk().Body;
        AssertPage(first, first: true, last: false, number: 0, elements: 2);
        Assert.Equal(["page0@paging", "page1@paging"], first.GetProperty("entities").EnumerateArray().Select(a => a.GetProperty("username").GetString()));
        var lastPage = (await GetAsync("/api/tenants/1/agents?page=2&size=2&keyValue=@paging", token)).AssertOk().Body;
        AssertPage(lastPage, first: false, last: true, number: 2, elements: 1);
        Assert.Equal("page4@paging", lastPage.GetProperty("entities")[0].GetProperty("username").GetString());
        var beyond = (await GetAsync("/api/tenants/1/agents?page=3&size=2&keyValue=@paging", token)).AssertOk().Body;
        AssertPage(beyond, first: false, last: true, number: 3, elements: 0);
        var fifty = (await GetAsync("/api/tenants/1/agents?page=0&size=50&keyValue=@paging", token)).AssertOk().Body;
        Assert.Equal(5, fifty.GetProperty("numberOfElements").GetInt32());
        Assert.Equal(1, fifty.GetProperty("totalPages").GetInt32());

        Assert.Equal("page size must be less than 50.", (await GetAsync("/api/tenants/1/agents?page=0&size=51", token)).AssertError("API_112", HttpStatusCode.BadRequest));
        (await GetAsync("/api/tenants/1/agents?page=-1&size=10", token)).AssertError("API_111", HttpStatusCode.BadRequest);
        Assert.Contains("size", (await GetAsync("/api/tenants/1/agents?page=0&size=0", token)).AssertError("API_001", HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Contains("page", (await GetAsync("/api/tenants/1/agents?page=x&size=10", token)).AssertError("API_001", HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"nicename":"","username":"a@x","password":"qwe12345","roleId":2}""", "API_102", HttpStatusCode.BadRequest)]
    [InlineData("""{"username":"a@x","password":"qwe12345","roleId":2}""", "API_102", HttpStatusCode.BadRequest)]
    [InlineData("""{"nicename":"n","username":"a@x","password":"qwe1234","roleId":2}""", "API_108", HttpStatusCode.BadRequest)]
    [InlineData("""{"nicename":"n","username":"a@x","roleId":2}""", "API_108", HttpStatusCode.BadRequest)]
    [InlineData("""{"nicename":"n","username":"a@x","password":"qwe12345"}""", "API_106", HttpStatusCode.BadRequest)]
    [InlineData("""{"nicename":"n","username":"a@x","password":"qwe12345","roleId":3}""", "API_107", HttpStatusCode.BadRequest)]
    [InlineData("""{"nicename":"n","username":"","password":"qwe12345","roleId":2}""", "API_001", HttpStatusCode.BadRequest)]
    [InlineData("""{"nicename":"n","username":"a@x","password":"qwe12345","roleId":2,"maxServiceSessionCount":"ten"}""", "API_001", HttpStatusCode.BadRequest)]
    [InlineData("""{"nicename":"n","username":"a@x","password":"qwe12345","roleId":2,"maxServiceSessionCount":-1}""", "API_001", HttpStatusCode.BadRequest)]
    [InlineData("""{"nicename":"n","username":"admin@test","password":"qwe12345","roleId":2}""", "API_103", HttpStatusCode.Conflict)]
    [InlineData("""{"nicename":"n","username":"ADMIN@TEST","password":"qwe12345","roleId":2}""", "API_103", HttpStatusCode.Conflict)]
    [InlineData("""{"nicename":""", "API_001", HttpStatusCode.BadRequest)]
    public async Task Create_Invalid_DocumentedErrors(string body, string errorCode, HttpStatusCode status) =>
        (await SendAsync(HttpMethod.Post, "/api/tenants/1/agent", await ApiTokenAsync(), body)).AssertError(errorCode, status);

    [Fact]
    public async Task Create_NumbersForPhoneAndAgentNumber_AreKeptAsText()
    {
        var token = await ApiTokenAsync();
        var created = (await SendAsync(HttpMethod.Post, "/api/tenants/1/agent", token,
            """{"nicename":"n","username":"num@x","password":"qwe12345","trueName":"t","mobilePhone":13800138000,"agentNumber":42,"roleId":2,"maxServiceSessionCount":3}""")).AssertOk().Entity;
        Assert.Equal("13800138000", created.GetProperty("mobilePhone").GetString());
        Assert.Equal("42", created.GetProperty("agentNumber").GetString());
        Assert.Equal("agent", created.GetProperty("roles").GetString());
        Assert.Equal(2, created.GetProperty("roleList")[0].GetProperty("role_id").GetInt32());
    }

    [Fact]
    public async Task Update_CurlExample_ChangesGivenFieldsAndLeavesNullOnesUnchanged()
    {
        var token = await ApiTokenAsync();
        await CreateAgentAsync(token, "32273591@qq.com", nicename: "123", roleId: 2, mobilePhone: "555", agentNumber: "7");

        (await SendAsync(HttpMethod.Put, "/api/tenants/1/agent", token, """
            {
            "nicename":"环环",
            "username":"32273591@qq.com",
            "trueName":"小环",
            "mobilePhone":"",
            "agentNumber":"",
            "roleId":1,
            "maxServiceSessionCount":null
            }
            """)).AssertOk();
        var agent = await FindAsync(token, "32273591@qq.com");
        Assert.Equal("环环", agent.GetProperty("nicename").GetString());
        Assert.Equal("小环", agent.GetProperty("trueName").GetString());
        Assert.Equal("", agent.GetProperty("mobilePhone").GetString());
        Assert.Equal("admin,agent", agent.GetProperty("roles").GetString());
        Assert.Equal(10, agent.GetProperty("maxServiceSessionCount").GetInt32());

        (await SendAsync(HttpMethod.Put, "/api/tenants/1/agent", token, """{"username":"32273591@qq.com","maxServiceSessionCount":20}""")).AssertOk();
        agent = await FindAsync(token, "32273591@qq.com");
        Assert.Equal("环环", agent.GetProperty("nicename").GetString());
        Assert.Equal("小环", agent.GetProperty("trueName").GetString());
        Assert.Equal("admin,agent", agent.GetProperty("roles").GetString());
        Assert.Equal(20, agent.GetProperty("maxServiceSessionCount").GetInt32());
        var routed = await Server.Services.GetRequiredService<RoutingEngine>().ReadAsync(1, s => s.GetAgent(agent.GetProperty("userId").GetString()!), Ct);
        Assert.Equal(20, routed!.MaxServiceSessionCount);
        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("32273591@qq.com", "qwe12345")).StatusCode);
    }

    [Theory]
    [InlineData("""{"username":"nobody@x","nicename":"n"}""", "API_104", HttpStatusCode.NotFound)]
    [InlineData("""{"username":"other@tenant2","nicename":"n"}""", "API_105", HttpStatusCode.Forbidden)]
    [InlineData("""{"username":"a@x","nicename":""}""", "API_102", HttpStatusCode.BadRequest)]
    [InlineData("""{"username":"a@x","roleId":0}""", "API_107", HttpStatusCode.BadRequest)]
    [InlineData("""{"username":"a@x","maxServiceSessionCount":1000}""", "API_001", HttpStatusCode.BadRequest)]
    [InlineData("""{"nicename":"n"}""", "API_001", HttpStatusCode.BadRequest)]
    [InlineData("""{"username":"admin@test","roleId":2}""", "API_109", HttpStatusCode.Conflict)]
    public async Task Update_Invalid_DocumentedErrors(string body, string errorCode, HttpStatusCode status)
    {
        await OtherTenantAsync();
        var token = await ApiTokenAsync();
        await CreateAgentAsync(token, "a@x");
        (await SendAsync(HttpMethod.Put, "/api/tenants/1/agent", token, body)).AssertError(errorCode, status);
    }

    [Fact]
    public async Task Roles_CurlExample_ListsAdminAndAgent()
    {
        var roles = (await GetAsync("/api/tenants/1/roles", await ApiTokenAsync())).AssertOk().Entities.EnumerateArray().ToList();
        Assert.Equal([1, 2], roles.Select(r => r.GetProperty("role_id").GetInt32()));
        Assert.Equal(["admin", "agent"], roles.Select(r => r.GetProperty("role_name").GetString()));
        foreach (var role in roles)
        {
            Assert.Equal("SYSTEM", role.GetProperty("role_type").GetString());
            Assert.Equal("ENABLE", role.GetProperty("status").GetString());
            Assert.Equal(JsonValueKind.Null, role.GetProperty("created_at").ValueKind);
            Assert.Equal(JsonValueKind.Null, role.GetProperty("updated_at").ValueKind);
            Assert.Equal(JsonValueKind.String, role.GetProperty("role_description").ValueKind);
        }
    }

    [Fact]
    public async Task Password_CurlExample_ChangesTheLoginPassword()
    {
        var token = await ApiTokenAsync();
        await CreateAgentAsync(token, "32273591@qq.com");

        (await SendAsync(HttpMethod.Put, "/api/tenants/1/agent/password", token, """
            {
            "username":"32273591@qq.com",
            "password":"qwe123456"
            }
            """)).AssertOk();

        Assert.Equal(HttpStatusCode.OK, (await LoginAsync("32273591@qq.com", "qwe123456")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("32273591@qq.com", "qwe12345")).StatusCode);
    }

    [Theory]
    [InlineData("""{"username":"a@x","password":"1234567"}""", "API_108", HttpStatusCode.BadRequest)]
    [InlineData("""{"username":"a@x"}""", "API_108", HttpStatusCode.BadRequest)]
    [InlineData("""{"username":"nobody@x","password":"qwe123456"}""", "API_104", HttpStatusCode.NotFound)]
    [InlineData("""{"username":"other@tenant2","password":"qwe123456"}""", "API_105", HttpStatusCode.Forbidden)]
    [InlineData("""{"password":"qwe123456"}""", "API_001", HttpStatusCode.BadRequest)]
    public async Task Password_Invalid_DocumentedErrors(string body, string errorCode, HttpStatusCode status)
    {
        await OtherTenantAsync();
        var token = await ApiTokenAsync();
        await CreateAgentAsync(token, "a@x");
        (await SendAsync(HttpMethod.Put, "/api/tenants/1/agent/password", token, body)).AssertError(errorCode, status);
    }

    [Fact]
    public async Task Delete_CurlExample_RemovesTheAgentFromStoreAndRouting()
    {
        var token = await ApiTokenAsync();
        var userId = (await CreateAgentAsync(token, "32273591@qq.com")).GetProperty("userId").GetString()!;

        (await SendAsync(HttpMethod.Delete, "/api/tenants/1/agent", token, """
            {
            "username":"32273591@qq.com"
            }
            """)).AssertOk();

        Assert.Empty(await SearchAsync(token, "32273591"));
        Assert.Null(await Server.Services.GetRequiredService<RoutingEngine>().ReadAsync(1, s => s.GetAgent(userId), Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("32273591@qq.com", "qwe12345")).StatusCode);
        (await SendAsync(HttpMethod.Delete, "/api/tenants/1/agent", token, """{"username":"32273591@qq.com"}""")).AssertError("API_104", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_OnlyAdmin_Api109_UntilThereIsAnother()
    {
        var token = await ApiTokenAsync();
        Assert.Equal("Can not remove only amdin", (await SendAsync(HttpMethod.Delete, "/api/tenants/1/agent", token, """{"username":"admin@test"}""")).AssertError("API_109", HttpStatusCode.Conflict));
        (await SendAsync(HttpMethod.Put, "/api/tenants/1/agent/disable", token, """{"username":"admin@test"}""")).AssertError("API_109", HttpStatusCode.Conflict);

        await CreateAgentAsync(token, "second-admin@test", roleId: 1);
        (await SendAsync(HttpMethod.Delete, "/api/tenants/1/agent", token, """{"username":"admin@test"}""")).AssertOk();
    }

    [Fact]
    public async Task Delete_AgentWithProcessingSession_Api110()
    {
        var token = await ApiTokenAsync();
        var agent = await OnlineAgentAsync("busy@test");
        var visitor = await ConnectVisitorAsync("V");
        Assert.Equal("Processing", (await visitor.StartAsync(new StartSessionRequest(Text: "hi"))).State);

        (await SendAsync(HttpMethod.Delete, "/api/tenants/1/agent", token, """{"username":"busy@test"}""")).AssertError("API_110", HttpStatusCode.Conflict);
        (await SendAsync(HttpMethod.Delete, "/api/tenants/1/agent", token, """{"username":"other@tenant2"}""")).AssertError("API_104", HttpStatusCode.NotFound);
        await OtherTenantAsync();
        (await SendAsync(HttpMethod.Delete, "/api/tenants/1/agent", token, """{"username":"other@tenant2"}""")).AssertError("API_105", HttpStatusCode.Forbidden);
        Assert.Single(await SearchAsync(token, agent.Agent.Username));
    }

    [Fact]
    public async Task Disable_CurlExample_ClosesConnectionsAndBlocksLogin_EnableRestores()
    {
        var token = await ApiTokenAsync();
        var agent = await OnlineAgentAsync("32273591@qq.com");
        var closed = new TaskCompletionSource<Exception?>(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Connection.Closed += error =>
        {
            closed.TrySetResult(error);
            return Task.CompletedTask;
        };

        (await SendAsync(HttpMethod.Put, "/api/tenants/1/agent/disable", token, """
            {
            "username":"32273591@qq.com"
            }
            """)).AssertOk();

        await closed.Task.WaitAsync(Timeout, Ct);
        Assert.Equal(HubConnectionState.Disconnected, agent.Connection.State);
        Assert.Equal("Disable", (await FindAsync(token, "32273591@qq.com")).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("32273591@qq.com", "password-32273591@qq.com")).StatusCode);
        var reconnect = Track(Server.AgentConnection(agent.Agent.Token));
        await Assert.ThrowsAnyAsync<Exception>(() => reconnect.StartAsync(Ct).WaitAsync(Timeout, Ct));
        var routed = await Server.Services.GetRequiredService<RoutingEngine>().ReadAsync(1, s => s.GetAgent(agent.Agent.UserId), Ct);
        Assert.False(routed!.Enabled);

        (await SendAsync(HttpMethod.Put, "/api/tenants/1/agent/enable", token, """
            {
            "username":"32273591@qq.com"
            }
            """)).AssertOk();
        Assert.Equal("Enable", (await FindAsync(token, "32273591@qq.com")).GetProperty("status").GetString());
        var login = await LoginAsync("32273591@qq.com", "password-32273591@qq.com");
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        routed = await Server.Services.GetRequiredService<RoutingEngine>().ReadAsync(1, s => s.GetAgent(agent.Agent.UserId), Ct);
        Assert.True(routed!.Enabled);
    }

    [Theory]
    [InlineData("disable")]
    [InlineData("enable")]
    public async Task DisableEnable_UnknownOrOtherTenantsAgent_Api104Api105(string call)
    {
        await OtherTenantAsync();
        var token = await ApiTokenAsync();
        (await SendAsync(HttpMethod.Put, $"/api/tenants/1/agent/{call}", token, """{"username":"nobody@x"}""")).AssertError("API_104", HttpStatusCode.NotFound);
        (await SendAsync(HttpMethod.Put, $"/api/tenants/1/agent/{call}", token, """{"username":"other@tenant2"}""")).AssertError("API_105", HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Put, $"/api/tenants/1/agent/{call}", token, "{}")).AssertError("API_001", HttpStatusCode.BadRequest);
    }

    private static void AssertPage(JsonElement page, bool first, bool last, int number, int elements)
    {
        Assert.Equal(first, page.GetProperty("first").GetBoolean());
        Assert.Equal(last, page.GetProperty("last").GetBoolean());
        Assert.Equal(number, page.GetProperty("number").GetInt32());
        Assert.Equal(elements, page.GetProperty("numberOfElements").GetInt32());
        Assert.Equal(2, page.GetProperty("size").GetInt32());
        Assert.Equal(3, page.GetProperty("totalPages").GetInt32());
        Assert.Equal(5, page.GetProperty("totalElements").GetInt32());
    }

    private static void AssertAgentFields(JsonElement agent)
    {
        foreach (var field in AgentFields)
        {
            Assert.True(agent.TryGetProperty(field, out _), $"The agent has no '{field}': {agent}");
        }
    }

    private async Task<List<string>> SearchAsync(string token, string keyValue) =>
        (await GetAsync($"/api/tenants/1/agents?page=0&size=50&keyValue={Uri.EscapeDataString(keyValue)}", token)).AssertOk()
            .Entities.EnumerateArray().Select(a => a.GetProperty("username").GetString()!).ToList();

    private async Task<JsonElement> FindAsync(string token, string username) =>
        Assert.Single((await GetAsync($"/api/tenants/1/agents?page=0&size=50&keyValue={Uri.EscapeDataString(username)}", token)).AssertOk().Entities.EnumerateArray());

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")]
    private static partial Regex DateTimeFormat();
}
