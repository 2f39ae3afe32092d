using KefuHub.Routing;
using KefuHub.Server.Redis;
using KefuHub.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace KefuHub.Tests.Server.Redis;

public sealed class RedisQueuePositionLedgerTests(RedisServer redis)
{
    private static readonly WaitingLineKey Line = WaitingLineKey.ForQueue(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoNodesNoticingTheSameChange_ReportItOnce_AndAnEmptiedLineLeavesNoKey()
    {
        var connection = await redis.GetConnectionAsync(Ct);
        var options = Options.Create(new RedisRoutingOptions { KeyPrefix = redis.NewPrefix() });
        var a = new RedisQueuePositionLedger(connection, options);
        var b = new RedisQueuePositionLedger(connection, options);
        QueuePosition[] waiting = [At("s1", 1), At("s2", 2), At("s3", 3)];

        Assert.Equal(waiting, await a.TakeChangesAsync(1, Line, waiting, Ct));
        Assert.Empty(await b.TakeChangesAsync(1, Line, waiting, Ct));

        // s1 is served: the others move up, and only the node that asks first pushes it.
        QueuePosition[] moved = [At("s2", 1), At("s3", 2)];
        Assert.Equal(moved, await b.TakeChangesAsync(1, Line, moved, Ct));
        Assert.Empty(await a.TakeChangesAsync(1, Line, moved, Ct));

        // A session that comes back into the line is new to it again.
        QueuePosition[] back = [At("s1", 1), At("s2", 2), At("s3", 3)];
        Assert.Equal(back, await a.TakeChangesAsync(1, Line, back, Ct));

        Assert.Empty(await a.TakeChangesAsync(1, Line, [], Ct));
        Assert.False(await connection.GetDatabase().KeyExistsAsync(a.Key(1, Line)));
    }

    private static QueuePosition At(string sessionId, int position) =>
        new(sessionId, "v-" + sessionId, Line, position, 3, TimeSpan.Zero);
}
