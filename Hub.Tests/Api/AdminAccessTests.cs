using System.Net;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Api;

/// <summary>Who may call the admin API, tenant isolation and hostile parameters (SQLite; see <see cref="PostgresAdminAccessTests"/>).</summary>
public class AdminAccessTests : AdminApiTestBase
{
    /// <summary>Every admin call, with a body that would be valid.</summary>
    public static TheoryData<string, string, string?> Calls => new()
    {
        { "GET", "/waitings", null },
        { "GET", "/visitors/v1/session", null },
        { "GET", "/agents/admin@test/sessions", null },
        { "POST", "/sessions", """{"agentUsername":"admin@test","visitorId":"v1"}""" },
        { "POST", "/sessions/s1/transfer", """{"toQueueId":1}""" },
        { "POST", "/sessions/s1/close", "{}" },
        { "POST", "/queues", """{"queueName":"q"}""" },
        { "PUT", "/queues/1", """{"queueName":"q"}""" },
        { "DELETE", "/queues/1", null },
        { "GET", "/timeplan", null },
        { "PUT", "/timeplan", """{"timeZone":"UTC"}""" },
        { "DELETE", "/timeplan", null },
        { "GET", "/settings", null },
        { "PUT", "/settings", """{"ratingOnClose":true}""" },
        { "POST", "/summaries", """{"name":"s"}""" },
        { "PUT", "/summaries/1", """{"name":"s"}""" },
        { "DELETE", "/summaries/1", null },
        { "POST", "/visitorTags", """{"name":"t"}""" },
        { "PUT", "/visitorTags/1", """{"name":"t"}""" },
        { "DELETE", "/visitorTags/1", null },
        { "GET", "/dashboard", null },
        { "GET", "/webhook", null },
        { "PUT", "/webhook", """{"url":"http://127.0.0.1:9/hook","secret":"0123456789abcdef"}""" },
        { "DELETE", "/webhook", null },
        { "GET", "/robot", null },
        { "PUT", "/robot", """{"enabled":false}""" },
        { "GET", "/roles", null },
        { "GET", "/roles/3", null },
        { "POST", "/roles", """{"role_name":"r"}""" },
        { "PUT", "/roles/3", """{"role_name":"r"}""" },
        { "DELETE", "/roles/3", null },
    };

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task EveryCall_RefusesMissingTokens_OtherTenants_AndAgentsWithoutAdminRole(string method, string path, string? body)
    {
        var agent = await Server.CreateAgentAsync("plain@test", cancellationToken: Ct);
        var other = await OtherTenantTokenAsync();

        (await SendRawAsync(method, T(path), body, string.Empty)).Fails(HttpStatusCode.Unauthorized, "API_002");
        (await SendRawAsync(method, T(path), body, "not-a-token")).Fails(HttpStatusCode.Unauthorized, "API_002");
        (await SendRawAsync(method, T(path), body, other)).Fails(HttpStatusCode.Forbidden, "API_003");
        (await SendRawAsync(method, $"/api/tenants/{OtherTenantId}{path}", body, await AdminTokenAsync())).Fails(HttpStatusCode.Forbidden, "API_003");
        (await SendRawAsync(method, T(path), body, agent.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        Assert.NotEqual(HttpStatusCode.InternalServerError, (await SendRawAsync(method, T(path), body, null)).Status);
    }

    /// <summary>The reads an agent's workspace needs: open to agents of any role, not to visitors or other tenants.</summary>
    public static TheoryData<string> AgentReads => new() { "/agents/online", "/queues", "/queues/1", "/summaries", "/visitorTags" };

    [Theory]
    [MemberData(nameof(AgentReads))]
    public async Task AgentReads_AreOpenToAgentsOfAnyRole_NotToVisitorsOrOtherTenants(string path)
    {
        await PostAsync(T("/queues"), new { queueName = "Sales" });
        var agent = await Server.CreateAgentAsync("plain@test", cancellationToken: Ct);
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        var other = await OtherTenantTokenAsync();

        (await SendRawAsync("GET", T(path), null, string.Empty)).Fails(HttpStatusCode.Unauthorized, "API_002");
        (await SendRawAsync("GET", T(path), null, other)).Fails(HttpStatusCode.Forbidden, "API_003");
        (await SendRawAsync("GET", T(path), null, visitor.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await GetAsync(T(path), agent.Token)).Ok();
        (await GetAsync(T(path))).Ok();
    }

    [Fact]
    public async Task OtherTenant_SeesNoneOfTenant1sData_AndCannotTouchIt()
    {
        var queue = (await PostAsync(T("/queues"), new { queueName = "Sales" })).Ok().Entity.GetProperty("queueId").GetInt32();
        var summary = (await PostAsync(T("/summaries"), new { name = "Refund" })).Ok().Entity.GetProperty("id").GetInt32();
        var tag = (await PostAsync(T("/visitorTags"), new { name = "VIP" })).Ok().Entity.GetProperty("id").GetInt32();
        await PutAsync(T("/webhook"), new { url = "http://127.0.0.1:9/hook", secret = "0123456789abcdef" });
        var left = await Server.Services.GetRequiredService<ILeaveMessageStore>().CreateLeaveMessageAsync(
            new LeaveMessageRecord { TenantId = KefuTestServer.TenantId, Content = "call me", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow },
            Ct);
        await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var session = (await visitor.StartAsync(new StartSessionRequest(Text: "hi"))).ServiceSessionId!;
        var other = await OtherTenantTokenAsync();
        string O(string path) => $"/api/tenants/{OtherTenantId}{path}";

        foreach (var list in new[] { "/queues", "/summaries", "/visitorTags", "/leaveMessages", "/agents/online" })
        {
            Assert.Empty((await GetAsync(O(list), other)).Ok().Entities);
        }

        Assert.Equal(0, (await GetAsync(O("/waitings"), other)).Ok().Entity.GetProperty("count").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await GetAsync(O("/webhook"), other)).Ok().Entity.ValueKind);
        var dashboard = (await GetAsync(O("/dashboard"), other)).Ok().Entity;
        Assert.Equal((0, 0, 0), (dashboard.GetProperty("todayNewSessions").GetInt32(), dashboard.GetProperty("processingSessions").GetInt32(), dashboard.GetProperty("todayMessages").GetInt32()));
        // Tenant 2's only agent is its own administrator, with nothing served.
        var counts = Assert.Single(dashboard.GetProperty("agentSessionsToday").EnumerateArray());
        Assert.Equal(("admin@other", 0), (counts.GetProperty("username").GetString(), counts.GetProperty("count").GetInt32()));

        (await GetAsync(O($"/queues/{queue}"), other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await PutAsync(O($"/queues/{queue}"), new { queueName = "x" }, other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await DeleteAsync(O($"/queues/{queue}"), other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await PutAsync(O($"/summaries/{summary}"), new { name = "x" }, other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await DeleteAsync(O($"/summaries/{summary}"), other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await PutAsync(O($"/visitorTags/{tag}"), new { name = "x" }, other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await DeleteAsync(O($"/visitorTags/{tag}"), other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await PutAsync(O($"/leaveMessages/{left.LeaveMessageId}"), new { status = "Resolved" }, other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await DeleteAsync(O("/webhook"), other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await GetAsync(O($"/visitors/{visitor.Visitor.VisitorId}/session"), other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await GetAsync(O("/agents/alice@test/sessions"), other)).Fails(HttpStatusCode.NotFound, "API_104");
        (await PostAsync(O($"/sessions/{session}/close"), new { }, other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await PostAsync(O($"/sessions/{session}/transfer"), new { toAgentUsername = "alice@test" }, other)).Fails(HttpStatusCode.NotFound, "API_104");
        (await PostAsync(O("/sessions"), new { agentUsername = "alice@test", visitorId = visitor.Visitor.VisitorId }, other)).Fails(HttpStatusCode.NotFound, "API_104");

        // Tenant 1 is untouched.
        Assert.Single((await GetAsync(T("/queues"))).Ok().Entities);
        Assert.Single((await GetAsync(T("/summaries"))).Ok().Entities);
        Assert.Single((await GetAsync(T("/visitorTags"))).Ok().Entities);
        Assert.Equal("Untreated", (await GetAsync(T("/leaveMessages"))).Ok().Entities.Single().GetProperty("status").GetString());
        Assert.Equal("Processing", (await GetAsync(T($"/visitors/{visitor.Visitor.VisitorId}/session"))).Ok().Entity.GetProperty("state").GetString());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, (await GetAsync(T("/webhook"))).Ok().Entity.ValueKind);
    }

    public static TheoryData<string> Injections => new()
    {
        "' OR '1'='1",
        "1; DROP TABLE sessions; --",
        "1 OR 1=1",
        "\" OR \"\"=\"",
        "admin@test' --",
        "%",
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task SqlInjectionStrings_InEveryParameter_Give400Or404OrNothing(string injection)
    {
        // Data of both tenants that a broken filter would leak.
        await OtherTenantTokenAsync();
        await Server.Services.GetRequiredService<ILeaveMessageStore>().CreateLeaveMessageAsync(
            new LeaveMessageRecord { TenantId = OtherTenantId, Content = "other tenant", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow },
            Ct);
        await OnlineAgentAsync("alice@test");
        await (await ConnectVisitorAsync()).StartAsync();
        var q = Uri.EscapeDataString(injection);

        var refused = new List<ApiResult>
        {
            await GetAsync(T($"/visitors/{q}/session")),
            await GetAsync(T($"/agents/{q}/sessions")),
            await GetAsync(T($"/waitings?size={q}")),
            await GetAsync(T($"/leaveMessages?status={q}")),
            await GetAsync(T($"/leaveMessages?page={q}")),
            await GetAsync(T($"/leaveMessages?per_page={q}")),
            await GetAsync(T($"/queues/{q}")),
            await PutAsync(T($"/summaries/{q}"), new { name = "x" }),
            await DeleteAsync(T($"/visitorTags/{q}")),
            await PutAsync(T($"/leaveMessages/{q}"), new { status = "Resolved" }),
            await PutAsync(T("/leaveMessages/1"), new { status = injection }),
            await PostAsync(T($"/sessions/{q}/close"), new { comment = injection }),
            await PostAsync(T($"/sessions/{q}/transfer"), new { toAgentUsername = "alice@test" }),
            await PostAsync(T("/sessions/x/transfer"), new { toAgentUsername = injection }),
            await PostAsync(T("/sessions"), new { agentUsername = injection, visitorId = "v" }),
            await PostAsync(T("/sessions"), new { agentUsername = "alice@test", visitorId = injection }),
            await PostAsync(T("/queues"), new { queueName = "q", agentUsernames = new[] { injection } }),
            await PutAsync(T("/settings"), new { allowedOrigins = new[] { injection } }),
            await PutAsync(T("/timeplan"), new { timeZone = injection }),
            await PutAsync(T("/webhook"), new { url = injection, secret = "0123456789abcdef" }),
        };
        Assert.All(refused, r => Assert.True(r.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{(int)r.Status}: {r.Body}"));

        // As plain data, the strings are stored and read back literally, and nothing else changed.
        var summary = (await PostAsync(T("/summaries"), new { name = injection })).Ok().Entity;
        Assert.Equal(injection, summary.GetProperty("name").GetString());
        Assert.Equal(injection, (await PostAsync(T("/visitorTags"), new { name = injection })).Ok().Entity.GetProperty("name").GetString());
        Assert.Equal(injection, (await PostAsync(T("/queues"), new { queueName = injection })).Ok().Entity.GetProperty("queueName").GetString());
        Assert.Equal(injection, (await PutAsync(T("/settings"), new { welcomeMessage = injection })).Ok().Entity.GetProperty("welcomeMessage").GetString());
        Assert.Single((await GetAsync(T("/summaries"))).Ok().Entities);
        Assert.Empty((await GetAsync(T("/leaveMessages"))).Ok().Entities);
        Assert.Equal(1, (await GetAsync(T("/dashboard"))).Ok().Entity.GetProperty("processingSessions").GetInt32());
    }

    private async Task<ApiResult> SendRawAsync(string method, string path, string? body, string? token) =>
        await CallAsync(new HttpMethod(method), path, body is null ? null : System.Text.Json.JsonDocument.Parse(body).RootElement, token);
}
