using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Api;

/// <summary>Webhook delivery end to end, across a restart (SQLite; see <see cref="PostgresWebhookTests"/>).</summary>
public class WebhookTests : AdminApiTestBase
{
    private const string Secret = "a-secret-of-32-characters-------";

    [Fact]
    public async Task Events_AreSignedInOrder_AndSeenExactlyOnce_AcrossARestartInTheMiddleOfDelivery()
    {
        var receiver = new WebhookReceiver(Secret);
        await using var host = await LoopbackHost.StartAsync(_ => { }, app => app.MapPost("/hook", receiver.HandleAsync), Ct);
        (await PutAsync(T("/webhook"), new { url = new Uri(host.Address, "/hook").ToString(), secret = Secret })).Ok();

        var agent = await OnlineAgentAsync("alice@test");
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync(new StartSessionRequest(Text: "hello"))).ServiceSessionId!;
        await receiver.WaitUntilAsync(r => r.Accepted.Count == 3, "the first three events");

        // The receiver goes down; more changes happen; the hub stops while it is still retrying.
        receiver.Failing = true;
        await agent.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "reply"), Ct);
        (await PostAsync(T($"/sessions/{id}/close"), new { comment = "done" })).Ok();
        await visitor.Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest(Name: "Bob", Content: "call me"), Ct);
        await receiver.WaitUntilAsync(r => r.Failures >= 2, "two failed attempts");
        var directory = Server.DataDirectory;
        await Server.DisposeAsync();
        var failuresBeforeRestart = receiver.Failures;

        receiver.Failing = false;
        await using var restarted = KefuTestServer.Start(StartSettings, directory);
        await receiver.WaitUntilAsync(r => r.Accepted.Count >= 6, "every event after the restart");
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct); // Room for a duplicate to show.

        var accepted = receiver.Accepted;
        Assert.Equal(0, receiver.BadSignatures);
        Assert.True(failuresBeforeRestart >= 2);
        Assert.Equal(accepted.Count, accepted.Select(e => e.GetProperty("eventId").GetString()).Distinct().Count());
        Assert.Equal(
            ["SessionCreated", "SessionAssigned", "Message", "Message", "SessionClosed", "LeaveMessage"],
            accepted.Select(e => e.GetProperty("type").GetString()));
        Assert.All(accepted, e => Assert.Equal(KefuTestServer.TenantId, e.GetProperty("tenantId").GetInt32()));
        var data = accepted.Select(e => e.GetProperty("data")).ToList();
        Assert.Equal(id, data[0].GetProperty("serviceSessionId").GetString());
        Assert.Equal(("Processing", "alice@test"), (data[1].GetProperty("state").GetString(), data[1].GetProperty("agentUsername").GetString()));
        Assert.Equal(("visitor", "hello"), (data[2].GetProperty("from").GetString(), data[2].GetProperty("text").GetString()));
        Assert.Equal(("agent", "reply"), (data[3].GetProperty("from").GetString(), data[3].GetProperty("text").GetString()));
        Assert.Equal(("Terminal", "ClosedByAdmin"), (data[4].GetProperty("state").GetString(), data[4].GetProperty("endReason").GetString()));
        Assert.Equal(("Bob", "call me", "Untreated"), (data[5].GetProperty("name").GetString(), data[5].GetProperty("content").GetString(), data[5].GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Transfer_IsAnEvent_AndATenantWithoutWebhookWritesNone()
    {
        var receiver = new WebhookReceiver(Secret);
        await using var host = await LoopbackHost.StartAsync(_ => { }, app => app.MapPost("/hook", receiver.HandleAsync), Ct);
        var alice = await OnlineAgentAsync("alice@test");
        var bob = await OnlineAgentAsync("bob@test");
        var before = await (await ConnectVisitorAsync()).StartAsync();
        (await PutAsync(T("/webhook"), new { url = new Uri(host.Address, "/hook").ToString(), secret = Secret })).Ok();
        var from = before.Agent!.Nicename == alice.Agent.Nicename ? alice : bob;
        var to = from == alice ? bob : alice;

        (await PostAsync(T($"/sessions/{before.ServiceSessionId}/transfer"), new { toAgentUsername = to.Agent.Username })).Ok();

        await receiver.WaitUntilAsync(r => r.Accepted.Count == 1, "the transfer");
        var transferred = receiver.Accepted.Single();
        Assert.Equal("SessionTransferred", transferred.GetProperty("type").GetString());
        var data = transferred.GetProperty("data");
        Assert.Equal((to.Agent.Username, from.Agent.Username), (data.GetProperty("agentUsername").GetString(), data.GetProperty("previousAgentUsername").GetString()));
    }
}
