using System.Net;

namespace KefuHub.Tests.Api;

/// <summary><c>GET/PUT /agents/me</c> on SQLite; see <see cref="PostgresAgentSelfTests"/>.</summary>
public class AgentSelfTests : AdminApiTestBase
{
    [Fact]
    public async Task Agent_ReadsAndEditsItsOwnProfile_AndChangesItsPasswordWithTheCurrentOne()
    {
        var agent = await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);

        var me = (await GetAsync(T("/agents/me"), agent.Token)).Ok().Entity;
        Assert.Equal(("alice@test", agent.UserId), (me.GetProperty("username").GetString(), me.GetProperty("userId").GetString()));
        var changed = (await PutAsync(T("/agents/me"), new { nicename = "Ally", trueName = "Alice A", mobilePhone = "123", avatarUrl = "https://cdn.example/a.png" }, agent.Token)).Ok().Entity;
        Assert.Equal(("Ally", "Alice A", "https://cdn.example/a.png"), (changed.GetProperty("nicename").GetString(), changed.GetProperty("trueName").GetString(), changed.GetProperty("avatarUrl").GetString()));
        var listed = (await GetAsync(T("/agents?page=0&size=10&keyValue=alice"))).Ok().Entities.Single();
        Assert.Equal("Ally", listed.GetProperty("nicename").GetString());

        (await PutAsync(T("/agents/me"), new { password = "new-password-1", currentPassword = "wrong-password" }, agent.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/agents/me"), new { password = "new-password-1" }, agent.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/agents/me"), new { password = "short", currentPassword = "password-alice@test" }, agent.Token)).Fails(HttpStatusCode.BadRequest, "API_108");
        (await PutAsync(T("/agents/me"), new { password = "new-password-1", currentPassword = "password-alice@test" }, agent.Token)).Ok();

        (await GetAsync(T("/agents/me"), agent.Token)).Fails(HttpStatusCode.Unauthorized, "API_002");
        var fresh = await Server.LoginAsync("alice@test", "new-password-1", Ct);
        (await GetAsync(T("/agents/me"), fresh)).Ok();
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync("alice@test", "password-alice@test")).StatusCode);
    }

    [Fact]
    public async Task PasswordChanged_ClosesTheAgentsHubConnections_ByItselfOrByAnAdministrator()
    {
        var agent = await ConnectAgentAsync("alice@test");
        var closed = Closed(agent.Connection);
        (await PutAsync(T("/agents/me"), new { password = "new-password-1", currentPassword = "password-alice@test" }, agent.Agent.Token)).Ok();
        await closed.WaitAsync(Timeout, Ct);

        var again = Track(Server.AgentConnection(await Server.LoginAsync("alice@test", "new-password-1", Ct)));
        await again.StartAsync(Ct).WaitAsync(Timeout, Ct);
        var closedAgain = Closed(again);
        (await PutAsync(T("/agent/password"), new { username = "alice@test", password = "new-password-2" })).Ok();
        await closedAgain.WaitAsync(Timeout, Ct);
    }

    [Fact]
    public async Task BadInput_AndTokensThatAreNoAgents_AreRefused()
    {
        var agent = await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);

        (await PutAsync(T("/agents/me"), new { nicename = "" }, agent.Token)).Fails(HttpStatusCode.BadRequest, "API_102");
        (await PutAsync(T("/agents/me"), new { trueName = new string('t', 101) }, agent.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/agents/me"), new { avatarUrl = "javascript:alert(1)" }, agent.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/agents/me"), new { avatarUrl = "http://cdn.example/a.png" }, agent.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await GetAsync(T("/agents/me"), visitor.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        var client = (await PostAsync("/api/tenant/1/accessToken", new { clientId = ApiTestBase.ClientId, secretId = ApiTestBase.SecretId }, string.Empty)).Ok().Entity.GetProperty("accessToken").GetString()!;
        (await GetAsync(T("/agents/me"), client)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await GetAsync($"/api/tenants/{OtherTenantId}/agents/me", agent.Token)).Fails(HttpStatusCode.Forbidden, "API_003");
        Assert.Equal("Nice alice@test", (await GetAsync(T("/agents/me"), agent.Token)).Ok().Entity.GetProperty("nicename").GetString());
    }

    private async Task<HttpResponseMessage> LoginAsync(string username, string password) =>
        await Server.Http.PostAsync("/api/tenants/1/agents/token", new StringContent($$"""{"username":"{{username}}","password":"{{password}}"}""", System.Text.Encoding.UTF8, "application/json"), Ct);
}
