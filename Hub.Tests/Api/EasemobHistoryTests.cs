using System.Net;
using System.Text.Json;
using KefuHub.Routing;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace KefuHub.Tests.Api;

/// <summary>
/// Seed 001's <c>serviceSessionHistorys</c>: every filter, sorting, paging and the answer's shape, over sessions
/// with known fields in the store (SQLite; see <see cref="PostgresEasemobHistoryTests"/>).
/// </summary>
public class EasemobHistoryTests : ApiTestBase
{
    private const string History = "/api/tenants/1/serviceSessionHistorys";

    private static readonly string[] ItemFields =
    [
        "serviceSessionId", "tenantId", "techChannelId", "queueId", "state", "chatGroupId", "messageSeqId", "agentUserId",
        "agentUserNiceName", "agentUserTrueName", "agentUserType", "createDatetime", "startDateTime", "agentLastMessageDate",
        "stopDateTime", "techChannelType", "summarys", "enquirySummary", "enquiryDetail", "techChannelName", "originType", "comment",
        "visitorUser", "customer", "messageDetail", "recordFileUrl", "fromAgentCallback", "transfered", "visitorUserTags",
        "enquiryTags", "chatMessages", "lastChatMessage", "agentUserSet", "agentQueueSet", "enquiryTagNames", "summarysDetail",
    ];

    private static readonly DateTimeOffset Day = new(2018, 4, 16, 0, 0, 0, TimeSpan.Zero);

    private string _token = "";
    private TestAgent _alice = null!;
    private TestAgent _bob = null!;
    private SummaryRecord _child = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _token = await ApiTokenAsync();
        _alice = await Server.CreateAgentAsync("alice@test", cancellationToken: Ct);
        _bob = await Server.CreateAgentAsync("bob@test", cancellationToken: Ct);
        var summaries = Server.Services.GetRequiredService<ISummaryStore>();
        var parent = await summaries.CreateSummaryAsync(1, "Billing", 1, 0, Ct);
        _child = await summaries.CreateSummaryAsync(1, "Refund", 2, parent.Id, Ct);

        // s1..s4 of tenant 1, one day apart; s5 of tenant 2 with the same visitor nickname.
        await SeedAsync(1, "s1", "Zhang San", SessionState.Terminal, 1, _alice.UserId, "webim", Day.AddHours(1), Day.AddHours(1.1), Day.AddHours(2), transferred: false, rating: 5);
        await SeedAsync(1, "s2", "Li Si", SessionState.Abort, 2, null, "app", Day.AddDays(1).AddHours(1), null, Day.AddDays(1).AddHours(1.5), transferred: false, rating: null);
        await SeedAsync(1, "s3", "O'Brien", SessionState.Processing, 1, _bob.UserId, "weixin", Day.AddDays(2).AddHours(1), Day.AddDays(2).AddHours(1.2), null, transferred: true, rating: null, firstAgentUserId: _alice.UserId);
        await SeedAsync(1, "s4", "Wang Wu", SessionState.Terminal, 2, _bob.UserId, "webim", Day.AddDays(3).AddHours(1), Day.AddDays(3).AddHours(1.1), Day.AddDays(3).AddHours(3), transferred: false, rating: 1);
        await SeedAsync(OtherTenantId, "s5", "Zhang San", SessionState.Terminal, 1, null, "webim", Day.AddHours(1), null, Day.AddHours(2), transferred: false, rating: 5);
        var sessions = Server.Services.GetRequiredService<ISessionStore>();
        await sessions.SetSummaryAsync(1, "s1", [_child.Id], "refund done", Ct);
        await sessions.SetRatingAsync(1, "s1", 5, "great", ["fast"], Ct);
        await sessions.SetRatingAsync(1, "s4", 1, null, ["太慢", "rude"], Ct);
    }

    [Fact]
    public async Task CurlExample_AnswersWithTheDocumentsShape()
    {
        // The doc's URL, its line breaks removed; the agentUserId of the doc is replaced by one of ours.
        var answer = (await GetAsync(
            "/api/tenants/1/serviceSessionHistorys?page=1&per_page=1&state=Terminal%2CAbort&" +
            "isAgent=false&originType=&techChannelId=&techChannelType=&customerName=&agentIds=&" +
            "enquiryTagIds=&orderType=&summaryIds=&enquirySummary=" +
            "&sortOrder=desc&transfered=&queueIds=&stopDateFrom=2018-04-16T00%3A00%3A00.000Z" +
            "&stopDateTo=2018-04-20T23%3A59%3A00.000Z&sortField=stopDateTime" +
            $"&fromAgentCallback=&queueId=0&agentUserId={_alice.UserId}",
            _token)).AssertOk();

        Assert.Equal(1, answer.Entity.GetProperty("total_entries").GetInt32());
        var item = Assert.Single(answer.Entity.GetProperty("items").EnumerateArray());
        foreach (var field in ItemFields)
        {
            Assert.True(item.TryGetProperty(field, out _), $"The item has no '{field}': {item}");
        }

        Assert.Equal("s1", item.GetProperty("serviceSessionId").GetString());
        Assert.Equal(1, item.GetProperty("tenantId").GetInt32());
        Assert.Equal(1, item.GetProperty("queueId").GetInt32());
        Assert.Equal("Terminal", item.GetProperty("state").GetString());
        Assert.Equal(_alice.UserId, item.GetProperty("agentUserId").GetString());
        Assert.Equal(_alice.Nicename, item.GetProperty("agentUserNiceName").GetString());
        Assert.Equal("2018-04-16 01:00:00", item.GetProperty("createDatetime").GetString());
        Assert.Equal("2018-04-16 01:06:00", item.GetProperty("startDateTime").GetString());
        Assert.Equal("2018-04-16 02:00:00", item.GetProperty("stopDateTime").GetString());
        Assert.Equal("5", item.GetProperty("enquirySummary").GetString());
        Assert.Equal("great", item.GetProperty("enquiryDetail").GetString());
        Assert.Equal(["webim"], item.GetProperty("originType").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal("refund done", item.GetProperty("comment").GetString());
        Assert.False(item.GetProperty("fromAgentCallback").GetBoolean());
        Assert.False(item.GetProperty("transfered").GetBoolean());
        Assert.Equal("Zhang San", item.GetProperty("visitorUser").GetProperty("nicename").GetString());
        Assert.Equal("visitor-s1", item.GetProperty("visitorUser").GetProperty("userId").GetString());
        Assert.Equal("Zhang San", item.GetProperty("customer").GetProperty("customerNiceName").GetString());
        var agent = Assert.Single(item.GetProperty("agentUserSet").EnumerateArray());
        Assert.Equal(_alice.UserId, agent.GetProperty("userId").GetString());
        Assert.Equal("alice@test", agent.GetProperty("username").GetString());
        Assert.Equal("1", agent.GetProperty("tenantId").GetString());
        var path = Assert.Single(item.GetProperty("summarys").EnumerateArray()).EnumerateArray().ToList();
        Assert.Equal(["Billing", "Refund"], path.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(_child.ParentId, path[1].GetProperty("parentId").GetInt32());
        Assert.Equal(2, path[1].GetProperty("color").GetInt32());
        Assert.Equal(_child.Id, path[1].GetProperty("id").GetInt32());
        Assert.Equal("Billing/Refund", item.GetProperty("summarysDetail").GetString());
        Assert.Equal(["fast"], item.GetProperty("enquiryTags").EnumerateArray().Select(t => t.GetString()));
    }

    [Theory]
    [InlineData("", "s4,s3,s2,s1")]
    [InlineData("state=Terminal%2CAbort", "s4,s2,s1")]
    [InlineData("state=Terminal&state=Abort", "s4,s2,s1")]
    [InlineData("state=processing", "s3")]
    [InlineData("originType=webim", "s4,s1")]
    [InlineData("originType=app,weixin", "s3,s2")]
    [InlineData("customerName=zhang", "s1")]
    [InlineData("customerName=O'Brien", "s3")]
    [InlineData("transfered=true", "s3")]
    [InlineData("transfered=false", "s4,s2,s1")]
    [InlineData("fromAgentCallback=true", "")]
    [InlineData("fromAgentCallback=false", "s4,s3,s2,s1")]
    [InlineData("enquirySummary=5", "s1")]
    [InlineData("enquirySummary=0", "s3,s2")]
    [InlineData("queueIds=1", "s3,s1")]
    [InlineData("queueIds=1,2", "s4,s3,s2,s1")]
    [InlineData("queueIds=2&queueIds=7", "s4,s2")]
    [InlineData("queueId=2", "s4,s2")]
    [InlineData("queueId=0", "s4,s3,s2,s1")]
    [InlineData("beginDate=2018-04-16T00:00:00.000Z&endDate=2018-04-18T00:00:00.000Z", "s1")]
    [InlineData("beginDate=2018-04-18T00:00:00Z", "s4,s3")]
    [InlineData("stopDateFrom=2018-04-16T00%3A00%3A00.000Z&stopDateTo=2018-04-18T00%3A00%3A00.000Z", "s2,s1")]
    [InlineData("stopDateTo=2018-04-16T02:00:00.000Z", "s1")]
    [InlineData("stopDateFrom=2018-04-16T02:00:00.001Z", "s4,s2")]
    [InlineData("createDateFrom=2018-04-17T00:00:00.000Z&createDateTo=2018-04-18T23:59:59.000Z", "s3,s2")]
    [InlineData("createDateFrom=2018-04-17T09:00:00%2B08:00&createDateTo=2018-04-17T09:00:00%2B08:00", "s2")]
    [InlineData("sortField=stopDateTime&sortOrder=asc", "s1,s2,s4,s3")]
    [InlineData("sortField=stopDateTime&sortOrder=desc", "s4,s2,s1,s3")]
    [InlineData("sortField=startDateTime&sortOrder=asc", "s1,s3,s4,s2")]
    [InlineData("sortField=createDatetime&sortOrder=asc", "s1,s2,s3,s4")]
    [InlineData("sortField=createDateTime&sortOrder=DESC", "s4,s3,s2,s1")]
    [InlineData("state=Terminal&originType=webim&enquirySummary=1&sortOrder=asc", "s4")]
    [InlineData("techChannelId=0", "s4,s3,s2,s1")]
    [InlineData("techChannelId=3,0", "s4,s3,s2,s1")]
    [InlineData("techChannelId=5", "")]
    [InlineData("techChannelType=kefuhub", "s4,s3,s2,s1")]
    [InlineData("techChannelType=KefuHub", "s4,s3,s2,s1")]
    [InlineData("techChannelType=easemob", "")]
    [InlineData("enquiryTagIds=fast", "s1")]
    [InlineData("enquiryTagIds=FAST", "s1")]
    [InlineData("enquiryTagIds=%E5%A4%AA%E6%85%A2", "s4")]
    [InlineData("enquiryTagIds=fast,rude", "s4,s1")]
    [InlineData("enquiryTagIds=fas", "")]
    [InlineData("enquiryTagIds=%25", "")]
    [InlineData("enquiryTagIds=f_st", "")]
    [InlineData("orderType=asc", "s1,s2,s3,s4")]
    [InlineData("orderType=asc&sortField=stopDateTime", "s1,s2,s4,s3")]
    [InlineData("orderType=desc&sortOrder=DESC", "s4,s3,s2,s1")]
    [InlineData("isAgent=false", "s4,s3,s2,s1")]
    public async Task Filters_SelectTheExpectedSessions(string query, string expected)
    {
        var answer = (await GetAsync($"{History}?{query}", _token)).AssertOk();

        var ids = answer.Entity.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("serviceSessionId").GetString()).ToList();
        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), ids);
        Assert.Equal(ids.Count, answer.Entity.GetProperty("total_entries").GetInt32());
    }

    [Fact]
    public async Task AgentFilters_ById()
    {
        Assert.Equal(["s1"], await IdsAsync($"agentIds={_alice.UserId}"));
        Assert.Equal(["s4", "s3", "s1"], await IdsAsync($"agentIds={_alice.UserId},{_bob.UserId}"));
        Assert.Equal(["s4", "s3", "s1"], await IdsAsync($"agentIds={_alice.UserId}&agentIds={_bob.UserId.ToUpperInvariant()}"));
        Assert.Equal(["s4", "s3"], await IdsAsync($"agentUserId={_bob.UserId}"));
        Assert.Empty(await IdsAsync($"agentIds={Guid.NewGuid()}"));
    }

    [Fact]
    public async Task SummaryFilter_SelectsASummaryAndItsDescendants()
    {
        Assert.Equal(["s1"], await IdsAsync($"summaryIds={_child.Id}"));
        Assert.Equal(["s1"], await IdsAsync($"summaryIds={_child.ParentId}"));
        Assert.Equal(["s1"], await IdsAsync($"summaryIds=999,{_child.ParentId}"));
        Assert.Empty(await IdsAsync("summaryIds=999"));
        var sibling = await Server.Services.GetRequiredService<ISummaryStore>().CreateSummaryAsync(1, "Invoice", 3, _child.ParentId, Ct);
        Assert.Empty(await IdsAsync($"summaryIds={sibling.Id}"));
    }

    [Fact]
    public async Task AgentUserSet_ListsEveryAgentTheSessionPassedThrough_FirstFirst()
    {
        var item = (await GetAsync($"{History}?transfered=true", _token)).AssertOk().Entity.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(
            [(_alice.UserId, "alice@test"), (_bob.UserId, "bob@test")],
            item.GetProperty("agentUserSet").EnumerateArray().Select(a => (a.GetProperty("userId").GetString(), a.GetProperty("username").GetString())));
        Assert.Equal(_bob.UserId, item.GetProperty("agentUserId").GetString());
        var aborted = (await GetAsync($"{History}?state=Abort", _token)).AssertOk().Entity.GetProperty("items").EnumerateArray().Single();
        Assert.Empty(aborted.GetProperty("agentUserSet").EnumerateArray());
    }

    [Fact]
    public async Task IsAgent_ListsTheCallingAgentsOwnSessions_TransferredOnesToo_AndIsWhatAPlainAgentMayRead()
    {
        Assert.Equal(["s3", "s1"], await IdsAsync("isAgent=true", _alice.Token));
        Assert.Equal(["s4", "s3"], await IdsAsync("isAgent=TRUE&state=Processing,Terminal", _bob.Token));
        Assert.Equal(["s1"], await IdsAsync("isAgent=true&state=Terminal", _alice.Token));
        var admin = await Server.LoginAsync(KefuTestServer.AdminUsername, KefuTestServer.AdminPassword, Ct);
        Assert.Empty(await IdsAsync("isAgent=true", admin));
        Assert.Equal(4, (await IdsAsync("isAgent=false", admin)).Count);

        (await GetAsync($"{History}?isAgent=false", _alice.Token)).AssertError("API_006", HttpStatusCode.Forbidden);
        (await GetAsync(History, _alice.Token)).AssertError("API_006", HttpStatusCode.Forbidden);
        var visitor = await Server.CreateVisitorAsync(cancellationToken: Ct);
        (await GetAsync($"{History}?isAgent=true", visitor.Token)).AssertError("API_006", HttpStatusCode.Forbidden);
        (await GetAsync($"/api/tenants/{OtherTenantId}/serviceSessionHistorys?isAgent=true", _alice.Token)).AssertError("API_003", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Paging_FromOne_PerPageAtMost50()
    {
        var second = (await GetAsync($"{History}?page=2&per_page=1&sortOrder=asc", _token)).AssertOk().Entity;
        Assert.Equal(4, second.GetProperty("total_entries").GetInt32());
        Assert.Equal("s2", Assert.Single(second.GetProperty("items").EnumerateArray()).GetProperty("serviceSessionId").GetString());
        var last = (await GetAsync($"{History}?page=2&per_page=3&sortOrder=asc", _token)).AssertOk().Entity;
        Assert.Equal("s4", Assert.Single(last.GetProperty("items").EnumerateArray()).GetProperty("serviceSessionId").GetString());
        var beyond = (await GetAsync($"{History}?page=3&per_page=3", _token)).AssertOk().Entity;
        Assert.Equal(4, beyond.GetProperty("total_entries").GetInt32());
        Assert.Empty(beyond.GetProperty("items").EnumerateArray());
        Assert.Equal(4, (await GetAsync($"{History}?page=1&per_page=50", _token)).AssertOk().Entity.GetProperty("items").GetArrayLength());

        Assert.Equal("page size must be less than 50.", (await GetAsync($"{History}?per_page=51", _token)).AssertError("API_112", HttpStatusCode.BadRequest));
        (await GetAsync($"{History}?page=0", _token)).AssertError("API_111", HttpStatusCode.BadRequest);
        (await GetAsync($"{History}?page=-3", _token)).AssertError("API_111", HttpStatusCode.BadRequest);
        (await GetAsync($"{History}?per_page=0", _token)).AssertError("API_001", HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("page=one", "page")]
    [InlineData("per_page=1.5", "per_page")]
    [InlineData("state=Closed", "state")]
    [InlineData("state=1", "state")]
    [InlineData("originType=email", "originType")]
    [InlineData("transfered=yes", "transfered")]
    [InlineData("fromAgentCallback=1", "fromAgentCallback")]
    [InlineData("enquirySummary=6", "enquirySummary")]
    [InlineData("queueIds=x", "queueIds")]
    [InlineData("queueIds=0", "queueIds")]
    [InlineData("queueId=-1", "queueId")]
    [InlineData("agentIds=not-a-guid", "agentIds")]
    [InlineData("agentUserId=42", "agentUserId")]
    [InlineData("beginDate=2018-06-16", "beginDate")]
    [InlineData("endDate=2018-06-16T23:59:59", "endDate")]
    [InlineData("stopDateFrom=16/06/2018", "stopDateFrom")]
    [InlineData("stopDateTo=2018-02-30T00:00:00Z", "stopDateTo")]
    [InlineData("createDateFrom=yesterday", "createDateFrom")]
    [InlineData("createDateTo=2018-06-16T25:00:00Z", "createDateTo")]
    [InlineData("sortField=nicename", "sortField")]
    [InlineData("sortOrder=up", "sortOrder")]
    [InlineData("orderType=up", "orderType")]
    [InlineData("orderType=asc&sortOrder=desc", "orderType")]
    [InlineData("isAgent=maybe", "isAgent")]
    [InlineData("isAgent=true", "isAgent")]
    [InlineData("techChannelId=web", "techChannelId")]
    [InlineData("techChannelId=-1", "techChannelId")]
    [InlineData("summaryIds=0", "summaryIds")]
    [InlineData("summaryIds=Billing", "summaryIds")]
    public async Task InvalidValues_Api001NamingTheParameter(string query, string parameter)
    {
        var description = (await GetAsync($"{History}?{query}", _token)).AssertError("API_001", HttpStatusCode.BadRequest);
        Assert.Contains(parameter, description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SessionsOfTheHubs_AppearWithTheirAgentAndSummary()
    {
        var agent = await OnlineAgentAsync("carol@test");
        var visitor = await ConnectVisitorAsync("Hub Visitor");
        var id = (await visitor.StartAsync(new StartSessionRequest(Text: "hello"))).ServiceSessionId!;
        await agent.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "hi"), Ct);
        await agent.Connection.InvokeAsync("Close", new CloseRequest(id, [_child.Id], "ok"), Ct);
        await visitor.States.NextAsync(s => s.State == "Terminal");

        var item = Assert.Single((await GetAsync($"{History}?customerName=hub%20visitor", _token)).AssertOk().Entity.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("serviceSessionId").GetString());
        Assert.Equal("Terminal", item.GetProperty("state").GetString());
        Assert.Equal(agent.Agent.UserId, item.GetProperty("agentUserId").GetString());
        Assert.Equal("carol@test", item.GetProperty("agentUserSet")[0].GetProperty("username").GetString());
        Assert.Equal(JsonValueKind.String, item.GetProperty("stopDateTime").ValueKind);
        Assert.Equal(JsonValueKind.String, item.GetProperty("agentLastMessageDate").ValueKind);
        Assert.Equal("Billing/Refund", item.GetProperty("summarysDetail").GetString());
        Assert.True(item.GetProperty("messageSeqId").GetInt64() >= 2);
    }

    [Fact]
    public async Task Times_AreShownInTheTenantsTimeZone()
    {
        await Server.ConfigureAsync(TenantSettings.Default, new TimePlanDocument { TimeZone = "Asia/Shanghai" }, Ct);
        var item = (await GetAsync($"{History}?sortOrder=asc&per_page=1", _token)).AssertOk().Entity.GetProperty("items")[0];
        Assert.Equal("2018-04-16 09:00:00", item.GetProperty("createDatetime").GetString());
    }

    private async Task<List<string?>> IdsAsync(string query, string? token = null) =>
        (await GetAsync($"{History}?{query}", token ?? _token)).AssertOk().Entity.GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("serviceSessionId").GetString()).ToList();

    private async Task SeedAsync(
        int tenantId, string id, string nickname, SessionState state, int queueId, string? agentUserId, string originType,
        DateTimeOffset created, DateTimeOffset? started, DateTimeOffset? stopped, bool transferred, int? rating, string? firstAgentUserId = null)
    {
        if (tenantId == OtherTenantId && await Server.Services.GetRequiredService<ITenantStore>().GetTenantAsync(OtherTenantId, Ct) is null)
        {
            await OtherTenantAsync();
        }

        await Server.Services.GetRequiredService<IVisitorStore>().CreateVisitorAsync(
            new VisitorRecord { TenantId = tenantId, VisitorId = "visitor-" + id, Nickname = nickname, CreatedAt = created }, Ct);
        var sessions = Server.Services.GetRequiredService<ISessionStore>();
        if (firstAgentUserId is not null)
        {
            // Served by that agent first, six minutes before the transfer to its agent.
            await sessions.UpsertSessionAsync(
                new SessionRecord
                {
                    TenantId = tenantId,
                    ServiceSessionId = id,
                    VisitorId = "visitor-" + id,
                    State = SessionState.Processing,
                    QueueId = queueId,
                    AgentUserId = firstAgentUserId,
                    OriginType = originType,
                    CreatedAt = created,
                    StartedAt = started!.Value.AddMinutes(-6),
                },
                Ct);
        }

        await sessions.UpsertSessionAsync(
            new SessionRecord
            {
                TenantId = tenantId,
                ServiceSessionId = id,
                VisitorId = "visitor-" + id,
                State = state,
                QueueId = queueId,
                AgentUserId = agentUserId,
                OriginType = originType,
                CreatedAt = created,
                StartedAt = started,
                StoppedAt = stopped,
                Transferred = transferred,
                EnquirySummary = rating,
            },
            Ct);
    }
}
