using System.Net;
using KefuHub.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Api;

/// <summary>
/// Leave messages handled by agents (SQLite; see <see cref="PostgresLeaveMessageHandlingTests"/>): listing, claiming,
/// the assignee rules, comments, the push that keeps every workspace in step, and what others cannot do.
/// </summary>
public class LeaveMessageHandlingTests : AdminApiTestBase
{
    [Fact]
    public async Task Agents_ClaimUnassignedOrTheirOwn_AdministratorsReassignAny_AndEveryWorkspaceHearsOfIt()
    {
        var alice = await ConnectAgentAsync("alice@test");
        var bob = await Server.CreateAgentAsync("bob@test", cancellationToken: Ct);
        var first = await LeaveAsync("call me back");
        var second = await LeaveAsync("and me");

        var listed = (await GetAsync(T("/leaveMessages"), alice.Agent.Token)).Ok().Entities.ToList();
        Assert.Equal([second, first], listed.Select(m => m.GetProperty("leaveMessageId").GetInt64()));
        Assert.All(listed, m => Assert.Equal(System.Text.Json.JsonValueKind.Null, m.GetProperty("assigneeUsername").ValueKind));

        var claimed = (await PutAsync(T($"/leaveMessages/{first}"), new { status = "Processing", assigneeUsername = "alice@test" }, alice.Agent.Token)).Ok().Entity;
        Assert.Equal(("Processing", "alice@test"), (claimed.GetProperty("status").GetString(), claimed.GetProperty("assigneeUsername").GetString()));
        var pushed = await alice.LeaveMessages.NextAsync(m => m.LeaveMessageId == first && m.AssigneeUsername == "alice@test");
        Assert.Equal("Processing", pushed.Status);

        (await PutAsync(T($"/leaveMessages/{first}"), new { status = "Resolved" }, bob.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await PutAsync(T($"/leaveMessages/{first}"), new { assigneeUsername = "bob@test" }, bob.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await PutAsync(T($"/leaveMessages/{second}"), new { assigneeUsername = "alice@test" }, bob.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await PutAsync(T($"/leaveMessages/{second}"), new { assigneeUsername = "bob@test" }, bob.Token)).Ok();

        Assert.Equal([first], Ids(await GetAsync(T("/leaveMessages?assigneeUsername=alice@test"), bob.Token)));
        Assert.Equal([second], Ids(await GetAsync(T("/leaveMessages?assigneeUsername=BOB@test&status=Untreated"), bob.Token)));
        Assert.Empty(Ids(await GetAsync(T("/leaveMessages?unassigned=true"), bob.Token)));
        (await GetAsync(T("/leaveMessages?assigneeUsername=nobody@test"), bob.Token)).Fails(HttpStatusCode.NotFound, "API_104");

        // An administrator hands Alice's over to Bob; then Alice may no longer touch it and Bob may let it go.
        (await PutAsync(T($"/leaveMessages/{first}"), new { assigneeUsername = "bob@test" })).Ok();
        (await PutAsync(T($"/leaveMessages/{first}"), new { assigneeUsername = "" }, alice.Agent.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        var released = (await PutAsync(T($"/leaveMessages/{first}"), new { assigneeUsername = "", status = "Resolved" }, bob.Token)).Ok().Entity;
        Assert.Equal(("Resolved", System.Text.Json.JsonValueKind.Null), (released.GetProperty("status").GetString(), released.GetProperty("assigneeUsername").ValueKind));
        Assert.Equal([first], Ids(await GetAsync(T("/leaveMessages?unassigned=true"), alice.Agent.Token)));
        Assert.Equal("Resolved", (await GetAsync(T($"/leaveMessages/{first}"), alice.Agent.Token)).Ok().Entity.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Comments_AreWrittenByAnyAgent_NamedByAuthor_AndListedOldestFirst()
    {
        var alice = await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);
        var bob = await Server.CreateAgentAsync("bob@test", cancellationToken: Ct);
        var left = await LeaveAsync("my order never came");
        var before = (await GetAsync(T($"/leaveMessages/{left}"), alice.Token)).Ok().Entity.GetProperty("updateDatetime").GetDateTimeOffset();
        (await PutAsync(T($"/leaveMessages/{left}"), new { assigneeUsername = "alice@test" }, alice.Token)).Ok();

        var mine = (await PostAsync(T($"/leaveMessages/{left}/comments"), new { text = "Called, no answer <b>twice</b>" }, alice.Token)).Ok().Entity;
        Assert.Equal(("alice@test", "Called, no answer <b>twice</b>"), (mine.GetProperty("author").GetString(), mine.GetProperty("text").GetString()));
        (await PostAsync(T($"/leaveMessages/{left}/comments"), new { text = "I know this customer 👋" }, bob.Token)).Ok();
        (await PostAsync(T($"/leaveMessages/{left}/comments"), new { text = "  Escalated  " }, await ApiTokenAsync())).Ok();

        var comments = (await GetAsync(T($"/leaveMessages/{left}/comments"), bob.Token)).Ok().Entities.ToList();
        Assert.Equal(
            [("alice@test", "Called, no answer <b>twice</b>"), ("bob@test", "I know this customer 👋"), ("api", "Escalated")],
            comments.Select(c => (c.GetProperty("author").GetString(), c.GetProperty("text").GetString())));
        Assert.Equal(mine.GetProperty("id").GetInt64(), comments[0].GetProperty("id").GetInt64());
        Assert.Equal(mine.GetProperty("createDatetime").GetDateTimeOffset(), comments[0].GetProperty("createDatetime").GetDateTimeOffset());
        Assert.True(comments.Select(c => c.GetProperty("id").GetInt64()).Order().SequenceEqual(comments.Select(c => c.GetProperty("id").GetInt64())));
        Assert.True((await GetAsync(T($"/leaveMessages/{left}"), alice.Token)).Ok().Entity.GetProperty("updateDatetime").GetDateTimeOffset() >= before);
    }

    [Fact]
    public async Task BadInput_Visitors_OtherTenants_AndTheCommentLimit_AreRefused()
    {
        var alice = await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        var other = await OtherTenantTokenAsync();
        var left = await LeaveAsync("hello");

        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
        {
            (HttpMethod.Get, "/leaveMessages", null),
            (HttpMethod.Get, $"/leaveMessages/{left}", null),
            (HttpMethod.Put, $"/leaveMessages/{left}", new { status = "Resolved" }),
            (HttpMethod.Get, $"/leaveMessages/{left}/comments", null),
            (HttpMethod.Post, $"/leaveMessages/{left}/comments", new { text = "x" }),
        })
        {
            (await CallAsync(method, T(path), body, visitor.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
            (await CallAsync(method, T(path), body, string.Empty)).Fails(HttpStatusCode.Unauthorized, "API_002");
            (await CallAsync(method, T(path), body, other)).Fails(HttpStatusCode.Forbidden, "API_003");
            if (path != "/leaveMessages")
            {
                (await CallAsync(method, $"/api/tenants/{OtherTenantId}{path}", body, other)).Fails(HttpStatusCode.NotFound, "API_404");
            }
        }

        Assert.Empty((await GetAsync($"/api/tenants/{OtherTenantId}/leaveMessages", other)).Ok().Entities);
        Assert.Empty((await GetAsync(T($"/leaveMessages/{left}/comments"), alice.Token)).Ok().Entities);
        Assert.Equal("Untreated", (await GetAsync(T($"/leaveMessages/{left}"), alice.Token)).Ok().Entity.GetProperty("status").GetString());

        (await PutAsync(T($"/leaveMessages/{left}"), new { }, alice.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T($"/leaveMessages/{left}"), new { status = "Done" }, alice.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T($"/leaveMessages/{left}"), new { assigneeUsername = "nobody@test" })).Fails(HttpStatusCode.NotFound, "API_104");
        (await PutAsync(T($"/leaveMessages/{left}"), new { assigneeUsername = "admin@other" })).Fails(HttpStatusCode.NotFound, "API_104");
        (await PutAsync(T("/agent/disable"), new { username = "alice@test" })).Ok();
        (await PutAsync(T($"/leaveMessages/{left}"), new { assigneeUsername = "alice@test" })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/leaveMessages/999999"), new { status = "Resolved" })).Fails(HttpStatusCode.NotFound, "API_404");

        var bob = await Server.CreateAgentAsync("bob@test", cancellationToken: Ct);
        (await PostAsync(T($"/leaveMessages/{left}/comments"), new { text = " " }, bob.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T($"/leaveMessages/{left}/comments"), new { text = new string('x', 2001) }, bob.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T($"/leaveMessages/{left}/comments"), new { text = 7 }, bob.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/leaveMessages/999999/comments"), new { text = "x" }, bob.Token)).Fails(HttpStatusCode.NotFound, "API_404");
        (await GetAsync(T("/leaveMessages/999999/comments"), bob.Token)).Fails(HttpStatusCode.NotFound, "API_404");

        for (var i = 0; i < 200; i++)
        {
            (await PostAsync(T($"/leaveMessages/{left}/comments"), new { text = $"note {i}" }, bob.Token)).Ok();
        }

        (await PostAsync(T($"/leaveMessages/{left}/comments"), new { text = "one too many" }, bob.Token)).Fails(HttpStatusCode.Conflict, "API_409");
        Assert.Equal(200, (await GetAsync(T($"/leaveMessages/{left}/comments"), bob.Token)).Ok().Entities.Count());
    }

    private async Task<long> LeaveAsync(string content)
    {
        var visitor = await ConnectVisitorAsync();
        return (await visitor.Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest(Name: "Zhang", Content: content), Ct)).LeaveMessageId;
    }

    private static List<long> Ids(ApiResult answer) => answer.Ok().Entities.Select(m => m.GetProperty("leaveMessageId").GetInt64()).ToList();
}
