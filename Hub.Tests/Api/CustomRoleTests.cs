using System.Net;
using System.Text.Json;
using KefuHub.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Api;

/// <summary>
/// Custom roles (seed 001's <c>CUSTOMIZED</c>): the role calls, roles given to agents, and each permission granting
/// exactly its calls (SQLite; see <see cref="PostgresCustomRoleTests"/>).
/// </summary>
public class CustomRoleTests : AdminApiTestBase
{
    [Fact]
    public async Task Roles_AreCreatedListedChangedAndDeleted_AsEasemobShowsThem()
    {
        var created = (await PostAsync(T("/roles"), new { role_name = "Supervisor", role_description = "Watches the floor", permissions = new[] { "monitoring", "history" } })).Ok().Entity;
        Assert.Equal((3, "Supervisor", "Watches the floor", "CUSTOMIZED", "ENABLE"), (
            created.GetProperty("role_id").GetInt32(), created.GetProperty("role_name").GetString(), created.GetProperty("role_description").GetString(),
            created.GetProperty("role_type").GetString(), created.GetProperty("status").GetString()));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$", created.GetProperty("created_at").GetString());
        Assert.Equal(["history", "monitoring"], Permissions(created));

        var listed = (await GetAsync(T("/roles"))).Ok().Entities.ToList();
        Assert.Equal([(1, "SYSTEM"), (2, "SYSTEM"), (3, "CUSTOMIZED")], listed.Select(r => (r.GetProperty("role_id").GetInt32(), r.GetProperty("role_type").GetString())));
        Assert.Equal(["admin", "history", "leaveMessages", "monitoring"], Permissions(listed[0]));
        Assert.Empty(Permissions(listed[1]));

        var changed = (await PutAsync(T("/roles/3"), new { permissions = new[] { "leaveMessages" } })).Ok().Entity;
        Assert.Equal(("Supervisor", "Watches the floor"), (changed.GetProperty("role_name").GetString(), changed.GetProperty("role_description").GetString()));
        Assert.Equal(["leaveMessages"], Permissions((await GetAsync(T("/roles/3"))).Ok().Entity));
        (await PutAsync(T("/roles/3"), new { role_name = "Lead" })).Ok();
        Assert.Equal("Lead", (await GetAsync(T("/roles/3"))).Ok().Entity.GetProperty("role_name").GetString());

        // Given to an agent with roleId, as the system roles are.
        var agent = (await PostAsync(T("/agent"), new { nicename = "Sue", username = "sue@test", password = "sue-password", roleId = 3 })).Ok().Entity;
        Assert.Equal((3, "Lead"), RoleOf(agent));
        Assert.Equal("agent", agent.GetProperty("roles").GetString());
        Assert.Equal((3, "Lead"), RoleOf((await GetAsync(T("/agents?keyValue=sue"))).Ok().Entities.Single()));
        (await PutAsync(T("/agent"), new { username = "sue@test", roleId = 99 })).Fails(HttpStatusCode.BadRequest, "API_107");
        (await PostAsync(T("/agent"), new { nicename = "Tom", username = "tom@test", password = "tom-password", roleId = 4 })).Fails(HttpStatusCode.BadRequest, "API_107");

        (await DeleteAsync(T("/roles/3"))).Fails(HttpStatusCode.Conflict, "API_409");
        (await PutAsync(T("/agent"), new { username = "sue@test", roleId = 2 })).Ok();
        Assert.Equal((2, "agent"), RoleOf((await GetAsync(T("/agents?keyValue=sue"))).Ok().Entities.Single()));
        (await DeleteAsync(T("/roles/3"))).Ok();
        (await GetAsync(T("/roles/3"))).Fails(HttpStatusCode.NotFound, "API_404");
        (await DeleteAsync(T("/roles/3"))).Fails(HttpStatusCode.NotFound, "API_404");
        // Ids are not reused.
        Assert.Equal(4, (await PostAsync(T("/roles"), new { role_name = "Next" })).Ok().Entity.GetProperty("role_id").GetInt32());
    }

    [Fact]
    public async Task BadRoles_SystemRoles_Duplicates_OtherTenants_AndNonAdministrators_AreRefused()
    {
        var plain = await Server.CreateAgentAsync("plain@test", cancellationToken: Ct);
        var other = await OtherTenantTokenAsync();
        (await PostAsync(T("/roles"), new { role_name = "Supervisor" })).Ok();

        (await PostAsync(T("/roles"), new { role_name = "SUPERVISOR" })).Fails(HttpStatusCode.Conflict, "API_409");
        (await PostAsync(T("/roles"), new { role_name = "Admin" })).Fails(HttpStatusCode.Conflict, "API_409");
        (await PostAsync(T("/roles"), new { role_description = "no name" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/roles"), new { role_name = " " })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/roles"), new { role_name = new string('r', 101) })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/roles"), new { role_name = "x", role_description = new string('d', 201) })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/roles"), new { role_name = "x", permissions = new[] { "root" } })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/roles"), new { role_name = "x", permissions = new[] { "History" } })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/roles"), new { role_name = "x", permissions = "history" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/roles/1"), new { role_name = "boss" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await DeleteAsync(T("/roles/2"))).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/roles/3"), new { role_name = "agent" })).Fails(HttpStatusCode.Conflict, "API_409");
        (await PutAsync(T("/roles/77"), new { role_name = "y" })).Fails(HttpStatusCode.NotFound, "API_404");

        (await PostAsync(T("/roles"), new { role_name = "Mine" }, plain.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await GetAsync(T("/roles"), plain.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await GetAsync(T("/roles"), other)).Fails(HttpStatusCode.Forbidden, "API_003");
        string O(string path) => $"/api/tenants/{OtherTenantId}{path}";
        Assert.Equal([1, 2], (await GetAsync(O("/roles"), other)).Ok().Entities.Select(r => r.GetProperty("role_id").GetInt32()));
        (await GetAsync(O("/roles/3"), other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await PutAsync(O("/roles/3"), new { permissions = new[] { "admin" } }, other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await DeleteAsync(O("/roles/3"), other)).Fails(HttpStatusCode.NotFound, "API_404");
        // Tenant 2 cannot give its agents tenant 1's role.
        (await PostAsync(O("/agent"), new { nicename = "X", username = "x@two", password = "x-password", roleId = 3 }, other)).Fails(HttpStatusCode.BadRequest, "API_107");
        Assert.Empty(Permissions((await GetAsync(T("/roles/3"))).Ok().Entity));

        for (var i = 1; i < 50; i++)
        {
            (await PostAsync(T("/roles"), new { role_name = $"Role {i}" })).Ok();
        }

        (await PostAsync(T("/roles"), new { role_name = "One too many" })).Fails(HttpStatusCode.Conflict, "API_409");
    }

    [Fact]
    public async Task ACustomRole_GrantsExactlyItsPermissions_AndAChangeAppliesAtOnce()
    {
        (await PostAsync(T("/roles"), new { role_name = "Supervisor", permissions = new[] { "monitoring", "history" } })).Ok();
        (await PostAsync(T("/agent"), new { nicename = "Sue", username = "sue@test", password = "sue-password", roleId = 3 })).Ok();
        var sue = await Server.LoginAsync("sue@test", "sue-password", Ct);
        var plain = await Server.CreateAgentAsync("plain@test", cancellationToken: Ct);
        await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var session = (await visitor.StartAsync(new StartSessionRequest(Text: "hello"))).ServiceSessionId!;

        Assert.Equal(["history", "monitoring"], (await GetAsync(T("/agents/me"), sue)).Ok().Entity.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()));
        Assert.Empty((await GetAsync(T("/agents/me"), plain.Token)).Ok().Entity.GetProperty("permissions").EnumerateArray());
        // Every agent sees who is online, and with what spare capacity, to transfer a session.
        (await GetAsync(T("/agents/online"), plain.Token)).Ok();
        foreach (var monitoring in new[] { "/dashboard", "/waitings", $"/visitors/{visitor.Visitor.VisitorId}/session", "/agents/alice@test/sessions" })
        {
            (await GetAsync(T(monitoring), sue)).Ok();
            (await GetAsync(T(monitoring), plain.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        }

        Assert.Single((await GetAsync(T("/serviceSessionHistorys"), sue)).Ok().Entity.GetProperty("items").EnumerateArray());
        (await GetAsync(T("/serviceSessionHistorys"), plain.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        Assert.NotEmpty((await GetAsync(T($"/sessions/{session}/messages"), sue)).Ok().Entities);
        (await GetAsync(T($"/sessions/{session}/messages"), plain.Token)).Fails(HttpStatusCode.NotFound, "API_404");

        // Not granted: the admin calls (every agent reads /queues, the workspace's transfer targets).
        foreach (var admin in new[] { "/settings", "/webhook", "/roles", "/agents" })
        {
            (await GetAsync(T(admin), sue)).Fails(HttpStatusCode.Forbidden, "API_006");
        }

        (await PostAsync(T($"/sessions/{session}/close"), new { }, sue)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await PostAsync(T("/quickReplies"), new { text = "for all" }, sue)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await PostAsync(T($"/sessions/{session}/messages"), new { clientMessageId = "m1", type = "txt", text = "as the agent" }, sue)).Fails(HttpStatusCode.NotFound, "API_404");

        // The role's change counts at the next call; its deletion is refused while Sue holds it.
        (await PutAsync(T("/roles/3"), new { permissions = new[] { "admin" } })).Ok();
        (await GetAsync(T("/settings"), sue)).Ok();
        (await PostAsync(T("/quickReplies"), new { text = "for all" }, sue)).Ok();
        (await PostAsync(T($"/sessions/{session}/messages"), new { clientMessageId = "m1", type = "txt", text = "as the agent" }, sue)).Ok();
        await visitor.Messages.NextAsync(m => m.Text == "as the agent");
        (await PutAsync(T("/roles/3"), new { permissions = Array.Empty<string>() })).Ok();
        (await GetAsync(T("/dashboard"), sue)).Fails(HttpStatusCode.Forbidden, "API_006");
    }

    [Fact]
    public async Task TheLeaveMessagesPermission_HandlesAnyLeaveMessage()
    {
        (await PostAsync(T("/roles"), new { role_name = "Inbox lead", permissions = new[] { "leaveMessages" } })).Ok();
        (await PostAsync(T("/agent"), new { nicename = "Lea", username = "lea@test", password = "lea-password", roleId = 3 })).Ok();
        var lea = await Server.LoginAsync("lea@test", "lea-password", Ct);
        var bob = await Server.CreateAgentAsync("bob@test", cancellationToken: Ct);
        await Server.CreateAgentAsync("carol@test", cancellationToken: Ct);
        var visitor = await ConnectVisitorAsync();
        var left = (await visitor.Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest(Content: "call me"), Ct)).LeaveMessageId;
        (await PutAsync(T($"/leaveMessages/{left}"), new { assigneeUsername = "bob@test" }, bob.Token)).Ok();

        (await PutAsync(T($"/leaveMessages/{left}"), new { assigneeUsername = "carol@test" }, lea)).Ok();
        (await PutAsync(T($"/leaveMessages/{left}"), new { status = "Resolved" }, lea)).Ok();
        (await PutAsync(T($"/leaveMessages/{left}"), new { status = "Processing" }, bob.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        Assert.Equal("carol@test", (await GetAsync(T($"/leaveMessages/{left}"), bob.Token)).Ok().Entity.GetProperty("assigneeUsername").GetString());
        (await GetAsync(T("/settings"), lea)).Fails(HttpStatusCode.Forbidden, "API_006");
    }

    private static List<string?> Permissions(JsonElement role) => role.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).ToList();

    private static (int, string?) RoleOf(JsonElement agent)
    {
        var role = Assert.Single(agent.GetProperty("roleList").EnumerateArray());
        return (role.GetProperty("role_id").GetInt32(), role.GetProperty("role_name").GetString());
    }
}
