using KefuHub.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>Rules that depend on time, with the whole server on a fake clock this test owns.</summary>
public sealed class FakeClockHubTests : HubTestBase
{
    private readonly FakeTimeProvider _time = new();

    protected override TimeProvider? Time => _time;

    [Fact]
    public async Task QueuePosition_ChangesWithinASecond_ReachTheVisitorAsOnePush()
    {
        await OnlineAgentAsync("alice@test", max: 1);
        await (await ConnectVisitorAsync()).StartAsync();
        var ahead = new List<(VisitorClient Client, string Id)>();
        for (var i = 0; i < 3; i++)
        {
            var client = await ConnectVisitorAsync();
            ahead.Add((client, (await client.StartAsync()).ServiceSessionId!));
        }

        var last = await ConnectVisitorAsync();
        var lastStart = await last.StartAsync();
        Assert.Equal(4, lastStart.QueuePosition);
        _time.Advance(TimeSpan.FromSeconds(1));
        await last.Positions.NextAsync(p => p.Position == 4);
        var before = last.Positions.All.Count;

        foreach (var (client, id) in ahead)
        {
            await client.Connection.InvokeAsync("EndSession", new SessionRequest(id), Ct);
        }

        Assert.True(await last.Positions.NoneAsync(_ => true, TimeSpan.FromMilliseconds(300)), "a position was pushed before the second was over");
        _time.Advance(TimeSpan.FromSeconds(1));
        var pushed = await last.Positions.NextAsync(p => p.Position == 1);
        Assert.Equal(lastStart.ServiceSessionId, pushed.ServiceSessionId);
        Assert.True(await last.Positions.NoneAsync(p => p.Position != 1, TimeSpan.FromMilliseconds(300)));
        Assert.Equal(before + 1, last.Positions.All.Count);
    }
}
