using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>
/// A message checked while its session has one agent (or none) and stored after another agent took it: that
/// agent's catch-up read ran before the commit, so only a push brings it the message.
/// </summary>
public sealed class MessageDuringAssignmentTests : HubTestBase
{
    private HeldAppendSessionStore Store => (HeldAppendSessionStore)Server.Services.GetRequiredService<ISessionStore>();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<ISessionStore>(sp => new HeldAppendSessionStore(sp.GetRequiredService<SqlKefuStore>())));

    [Fact]
    public async Task VisitorMessageStoredWhileTheWaitingSessionIsPicked_IsPushedToThePickingAgent()
    {
        var alice = await ConnectAgentAsync("alice@test", max: 1);
        await alice.Connection.InvokeAsync("SetState", new SetStateRequest("Busy"), Ct);
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;

        var (entered, release) = Store.HoldNext();
        var sending = visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "Is anyone there?"), Ct);
        await entered.WaitAsync(Timeout, Ct);
        await alice.Connection.InvokeAsync<SessionView>("Pick", new SessionRequest(id), Ct);
        Assert.Empty(await alice.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(id), Ct));
        release();

        var sent = await sending;
        Assert.Equal(sent.MessageId, (await alice.Messages.NextAsync(m => m.ServiceSessionId == id)).MessageId);
    }

    [Fact]
    public async Task VisitorMessageStoredWhileTheSessionIsTransferred_IsPushedToTheNewAgent()
    {
        var alice = await OnlineAgentAsync("alice@test", max: 1);
        var visitor = await ConnectVisitorAsync();
        var id = (await visitor.StartAsync()).ServiceSessionId!;
        await alice.Assigned.NextAsync(a => a.Session.ServiceSessionId == id);
        var bob = await OnlineAgentAsync("bob@test", max: 1);

        var (entered, release) = Store.HoldNext();
        var sending = visitor.Connection.InvokeAsync<SendMessageResult>("SendMessage", Text(id, "Still there?"), Ct);
        await entered.WaitAsync(Timeout, Ct);
        await alice.Connection.InvokeAsync("Transfer", new TransferRequest(id, ToAgentUsername: "bob@test"), Ct);
        await bob.Assigned.NextAsync(a => a.Session.ServiceSessionId == id);
        Assert.Empty(await bob.Connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(id), Ct));
        release();

        var sent = await sending;
        Assert.Equal(sent.MessageId, (await bob.Messages.NextAsync(m => m.ServiceSessionId == id)).MessageId);
    }
}
