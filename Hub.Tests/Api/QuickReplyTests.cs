using System.Net;

namespace KefuHub.Tests.Api;

/// <summary><c>/quickReplies</c> on SQLite (see <see cref="PostgresQuickReplyTests"/>): who sees and writes which, search, limits, tenants.</summary>
public class QuickReplyTests : AdminApiTestBase
{
    [Fact]
    public async Task Agents_SeeTenantWideAndTheirOwn_WriteOnlyTheirOwn_AndAdminsWriteTenantWide()
    {
        var alice = await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);
        var bob = await Server.CreateAgentAsync("bob@test", cancellationToken: Ct);

        var greeting = (await PostAsync(T("/quickReplies"), new { group = "Greetings", text = "Hello, how can I help?" })).Ok().Entity;
        Assert.Equal(("Greetings", "Hello, how can I help?", false), (greeting.GetProperty("group").GetString(), greeting.GetProperty("text").GetString(), greeting.GetProperty("personal").GetBoolean()));
        var greetingId = greeting.GetProperty("id").GetInt32();
        var alicesId = (await PostAsync(T("/quickReplies"), new { group = "Mine", text = "Talk soon!", personal = true }, alice.Token)).Ok().Entity.GetProperty("id").GetInt32();
        var bobsId = (await PostAsync(T("/quickReplies"), new { text = "Bob's own", personal = true }, bob.Token)).Ok().Entity.GetProperty("id").GetInt32();

        Assert.Equal([(greetingId, false), (alicesId, true)], Listed((await GetAsync(T("/quickReplies"), alice.Token)).Ok()));
        Assert.Equal([(bobsId, true), (greetingId, false)], Listed((await GetAsync(T("/quickReplies"), bob.Token)).Ok()));
        // A client-credentials token has no personal replies; the admin agent has none of its own.
        Assert.Equal([(greetingId, false)], Listed((await GetAsync(T("/quickReplies"), await ApiTokenAsync())).Ok()));
        Assert.Equal([(greetingId, false)], Listed((await GetAsync(T("/quickReplies"))).Ok()));

        // Another agent's reply is not found, whatever the call.
        (await GetAsync(T($"/quickReplies/{alicesId}"), bob.Token)).Fails(HttpStatusCode.NotFound, "API_404");
        (await PutAsync(T($"/quickReplies/{alicesId}"), new { text = "mine now" }, bob.Token)).Fails(HttpStatusCode.NotFound, "API_404");
        (await DeleteAsync(T($"/quickReplies/{alicesId}"), bob.Token)).Fails(HttpStatusCode.NotFound, "API_404");
        (await DeleteAsync(T($"/quickReplies/{alicesId}"))).Fails(HttpStatusCode.NotFound, "API_404");

        // Tenant-wide replies are read by agents and written by administrators only.
        (await PostAsync(T("/quickReplies"), new { text = "for everyone" }, alice.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await PutAsync(T($"/quickReplies/{greetingId}"), new { text = "changed" }, alice.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await DeleteAsync(T($"/quickReplies/{greetingId}"), alice.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        Assert.Equal("Hello, how can I help?", (await GetAsync(T($"/quickReplies/{greetingId}"), alice.Token)).Ok().Entity.GetProperty("text").GetString());

        var edited = (await PutAsync(T($"/quickReplies/{alicesId}"), new { text = "See you soon!" }, alice.Token)).Ok().Entity;
        Assert.Equal(("Mine", "See you soon!", true), (edited.GetProperty("group").GetString(), edited.GetProperty("text").GetString(), edited.GetProperty("personal").GetBoolean()));
        (await PutAsync(T($"/quickReplies/{greetingId}"), new { group = "Hi" })).Ok();
        Assert.Equal("Hi", (await GetAsync(T($"/quickReplies/{greetingId}"), bob.Token)).Ok().Entity.GetProperty("group").GetString());
        (await PutAsync(T($"/quickReplies/{alicesId}"), new { personal = false }, alice.Token)).Fails(HttpStatusCode.BadRequest, "API_001");

        (await DeleteAsync(T($"/quickReplies/{alicesId}"), alice.Token)).Ok();
        (await GetAsync(T($"/quickReplies/{alicesId}"), alice.Token)).Fails(HttpStatusCode.NotFound, "API_404");
        (await DeleteAsync(T($"/quickReplies/{greetingId}"), await ApiTokenAsync())).Ok();
        Assert.Equal([(bobsId, true)], Listed((await GetAsync(T("/quickReplies"), bob.Token)).Ok()));
    }

    [Fact]
    public async Task Search_MatchesGroupOrText_IgnoringCase_AndTakesWildcardsLiterally()
    {
        var alice = await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);
        var refund = (await PostAsync(T("/quickReplies"), new { group = "Billing", text = "退款三天内到账" })).Ok().Entity.GetProperty("id").GetInt32();
        var sale = (await PostAsync(T("/quickReplies"), new { group = "Sales", text = "50% off this week" })).Ok().Entity.GetProperty("id").GetInt32();
        var mine = (await PostAsync(T("/quickReplies"), new { group = "Mine", text = "My BILLING shortcut", personal = true }, alice.Token)).Ok().Entity.GetProperty("id").GetInt32();

        Assert.Equal([refund, mine], Ids(await GetAsync(T("/quickReplies?q=billing"), alice.Token)));
        Assert.Equal([refund], Ids(await GetAsync(T("/quickReplies?q=" + Uri.EscapeDataString("退款")), alice.Token)));
        Assert.Equal([sale], Ids(await GetAsync(T("/quickReplies?q=%25"), alice.Token)));
        Assert.Empty(Ids(await GetAsync(T("/quickReplies?q=" + Uri.EscapeDataString("' OR '1'='1")), alice.Token)));
        Assert.Equal(3, Ids(await GetAsync(T("/quickReplies?q="), alice.Token)).Count);
        (await GetAsync(T("/quickReplies?q=" + new string('x', 101)), alice.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
    }

    [Fact]
    public async Task BadInput_Visitors_OtherTenants_AndTheLimits_AreRefused()
    {
        var alice = await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        var other = await OtherTenantTokenAsync();
        var id = (await PostAsync(T("/quickReplies"), new { text = "Hello" })).Ok().Entity.GetProperty("id").GetInt32();

        (await PostAsync(T("/quickReplies"), new { group = "g" }, alice.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/quickReplies"), new { text = "   ", personal = true }, alice.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/quickReplies"), new { text = new string('x', 2001), personal = true }, alice.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/quickReplies"), new { text = string.Concat(Enumerable.Repeat("👍", 2000)), personal = true }, alice.Token)).Ok();
        (await PostAsync(T("/quickReplies"), new { group = new string('g', 51), text = "x", personal = true }, alice.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/quickReplies"), new { text = 5, personal = true }, alice.Token)).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PostAsync(T("/quickReplies"), new { text = "x", personal = true }, await ApiTokenAsync())).Fails(HttpStatusCode.BadRequest, "API_001");

        (await GetAsync(T("/quickReplies"), visitor.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await PostAsync(T("/quickReplies"), new { text = "x", personal = true }, visitor.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await GetAsync(T($"/quickReplies/{id}"), visitor.Token)).Fails(HttpStatusCode.Forbidden, "API_006");
        (await GetAsync(T("/quickReplies"), string.Empty)).Fails(HttpStatusCode.Unauthorized, "API_002");
        (await GetAsync(T("/quickReplies"), other)).Fails(HttpStatusCode.Forbidden, "API_003");
        string O(string path) => $"/api/tenants/{OtherTenantId}{path}";
        Assert.Empty((await GetAsync(O("/quickReplies"), other)).Ok().Entities);
        (await GetAsync(O($"/quickReplies/{id}"), other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await PutAsync(O($"/quickReplies/{id}"), new { text = "x" }, other)).Fails(HttpStatusCode.NotFound, "API_404");
        (await DeleteAsync(O($"/quickReplies/{id}"), other)).Fails(HttpStatusCode.NotFound, "API_404");
        Assert.Equal("Hello", (await GetAsync(T($"/quickReplies/{id}"), alice.Token)).Ok().Entity.GetProperty("text").GetString());

        // The 200th own reply is the last one (one was made above).
        for (var i = 1; i < 200; i++)
        {
            (await PostAsync(T("/quickReplies"), new { text = $"reply {i}", personal = true }, alice.Token)).Ok();
        }

        (await PostAsync(T("/quickReplies"), new { text = "one too many", personal = true }, alice.Token)).Fails(HttpStatusCode.Conflict, "API_409");
        (await PostAsync(T("/quickReplies"), new { text = "tenant-wide still fits" })).Ok();
    }

    private static List<(int Id, bool Personal)> Listed(ApiResult answer) =>
        answer.Entities.Select(r => (r.GetProperty("id").GetInt32(), r.GetProperty("personal").GetBoolean())).ToList();

    private static List<int> Ids(ApiResult answer) => answer.Ok().Entities.Select(r => r.GetProperty("id").GetInt32()).ToList();
}
