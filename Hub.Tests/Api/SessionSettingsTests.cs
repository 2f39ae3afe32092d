using System.Net;
using KefuHub.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Api;

/// <summary>The session settings of issue 14 on SQLite, on a fake clock; see <see cref="PostgresSessionSettingsTests"/>.</summary>
public class SessionSettingsTests : AdminApiTestBase
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    protected override TimeProvider? Time => _clock;

    [Fact]
    public async Task Settings_HaveTheNewFieldsWithDefaults_AndCheckThem()
    {
        var settings = (await GetAsync(T("/settings"))).Ok().Entity;
        Assert.False(settings.GetProperty("summaryRequired").GetBoolean());
        Assert.True(settings.GetProperty("visitorRatingEnabled").GetBoolean());
        Assert.Equal(0, settings.GetProperty("inactivityCloseMinutes").GetInt32());
        Assert.False(settings.GetProperty("identitySecretSet").GetBoolean());

        (await PutAsync(T("/settings"), new { inactivityCloseMinutes = -1 })).Fails(HttpStatusCode.BadRequest, "API_001");
        (await PutAsync(T("/settings"), new { inactivityCloseMinutes = 10_081 })).Fails(HttpStatusCode.BadRequest, "API_001");
        var changed = (await PutAsync(T("/settings"), new { summaryRequired = true, visitorRatingEnabled = false, inactivityCloseMinutes = 30 })).Ok().Entity;
        Assert.Equal((true, false, 30), (changed.GetProperty("summaryRequired").GetBoolean(), changed.GetProperty("visitorRatingEnabled").GetBoolean(), changed.GetProperty("inactivityCloseMinutes").GetInt32()));
    }

    [Fact]
    public async Task SummaryRequired_RefusesAnAgentsCloseWithoutOne()
    {
        var summary = (await PostAsync(T("/summaries"), new { name = "Billing" })).Ok().Entity.GetProperty("id").GetInt32();
        (await PutAsync(T("/settings"), new { summaryRequired = true })).Ok();
        var agent = await OnlineAgentAsync("alice@test");
        var id = (await (await ConnectVisitorAsync()).StartAsync()).ServiceSessionId!;

        var refused = await Assert.ThrowsAsync<HubException>(() => agent.Connection.InvokeAsync("Close", new CloseRequest(id), Ct));
        Assert.Contains("summary", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HubException>(() => agent.Connection.InvokeAsync("Close", new CloseRequest(id, SummaryIds: []), Ct));
        Assert.Single((await GetAsync(T("/agents/alice@test/sessions"))).Ok().Entities);

        await agent.Connection.InvokeAsync("Close", new CloseRequest(id, SummaryIds: [summary]), Ct);
        Assert.Empty((await GetAsync(T("/agents/alice@test/sessions"))).Ok().Entities);
    }

    [Fact]
    public async Task VisitorRatingDisabled_RefusesARatingNobodyAskedFor_AndTakesOnesTheAgentOrTheCloseAskedFor()
    {
        (await PutAsync(T("/settings"), new { visitorRatingEnabled = false })).Ok();
        var agent = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var asked = (await visitor.StartAsync()).ServiceSessionId!;

        var refused = await Assert.ThrowsAsync<HubException>(() => visitor.Connection.InvokeAsync("Rate", new RateRequest(asked, 1), Ct));
        Assert.Contains("asks", refused.Message, StringComparison.Ordinal);
        await agent.Connection.InvokeAsync("InviteRating", new SessionRequest(asked), Ct);
        await visitor.RatingRequests.NextAsync(r => r.ServiceSessionId == asked);
        await visitor.Connection.InvokeAsync("Rate", new RateRequest(asked, 5, "thanks"), Ct);
        await agent.Connection.InvokeAsync("Close", new CloseRequest(asked), Ct);

        // Asked at close (ratingOnClose): that session takes a rating too, after it ended.
        (await PutAsync(T("/settings"), new { ratingOnClose = true })).Ok();
        var closed = (await visitor.StartAsync()).ServiceSessionId!;
        await agent.Connection.InvokeAsync("Close", new CloseRequest(closed), Ct);
        await visitor.RatingRequests.NextAsync(r => r.ServiceSessionId == closed);
        await visitor.Connection.InvokeAsync("Rate", new RateRequest(closed, 4), Ct);

        // Closed by the visitor: nobody asked.
        var left = (await visitor.StartAsync()).ServiceSessionId!;
        await visitor.Connection.InvokeAsync("EndSession", new SessionRequest(left), Ct);
        await Assert.ThrowsAsync<HubException>(() => visitor.Connection.InvokeAsync("Rate", new RateRequest(left, 1), Ct));

        // Back on (the default): any served session takes the visitor's rating.
        (await PutAsync(T("/settings"), new { visitorRatingEnabled = true })).Ok();
        await visitor.Connection.InvokeAsync("Rate", new RateRequest(left, 2), Ct);

        var ratings = (await GetAsync(T("/serviceSessionHistorys?state=Terminal"))).Ok().Entity.GetProperty("items").EnumerateArray()
            .ToDictionary(i => i.GetProperty("serviceSessionId").GetString()!, i => i.GetProperty("enquirySummary").GetString());
        Assert.Equal(new Dictionary<string, string?> { [asked] = "5", [closed] = "4", [left] = "2" }, ratings);
    }

    [Fact]
    public async Task InactivityClose_WarnsAMinuteBefore_ThenClosesWithReasonInactive_WhileAnActiveSessionStays()
    {
        (await PutAsync(T("/settings"), new { inactivityCloseMinutes = 3 })).Ok();
        await OnlineAgentAsync("alice@test");
        await OnlineAgentAsync("bob@test");
        var quiet = await ConnectVisitorAsync();
        var quietId = (await quiet.StartAsync()).ServiceSessionId!;
        await quiet.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(quietId, "hello?"), Ct);
        var busy = await ConnectVisitorAsync();
        var busyId = (await busy.StartAsync()).ServiceSessionId!;

        // Two minutes and a sweep later: the warning, from the system, to the quiet session only.
        _clock.Advance(TimeSpan.FromMinutes(2) + InactivityInterval);
        var warning = await quiet.Messages.NextAsync(m => m.From == "system");
        Assert.Contains("one minute", warning.Text, StringComparison.Ordinal);
        Assert.Equal("Processing", (await GetAsync(T($"/visitors/{quiet.Visitor.VisitorId}/session"))).Ok().Entity.GetProperty("state").GetString());

        // The busy visitor writes; the quiet one does not.
        await busy.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(busyId, "still here"), Ct);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var closed = await quiet.States.NextAsync(s => s.State == "Terminal");
        Assert.Equal("Inactive", closed.Reason);
        (await GetAsync(T($"/visitors/{quiet.Visitor.VisitorId}/session"))).Fails(HttpStatusCode.NotFound, "API_404");
        Assert.Equal("Processing", (await GetAsync(T($"/visitors/{busy.Visitor.VisitorId}/session"))).Ok().Entity.GetProperty("state").GetString());
        var history = (await GetAsync(T("/serviceSessionHistorys?state=Terminal"))).Ok().Entity.GetProperty("items").EnumerateArray().Single();
        Assert.Equal(quietId, history.GetProperty("serviceSessionId").GetString());

        // One warning only, however many sweeps ran in the last minute.
        Assert.Single(quiet.Messages.All, m => m.From == "system");
    }

    private static TimeSpan InactivityInterval => TimeSpan.FromSeconds(15);
}
