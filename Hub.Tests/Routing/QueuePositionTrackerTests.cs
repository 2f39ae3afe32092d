using KefuHub.Routing;

namespace KefuHub.Tests.Routing;

public sealed class QueuePositionTrackerTests
{
    private static readonly WaitingLineKey Line = WaitingLineKey.ForQueue(1);

    private static QueuePosition At(string session, int position, int count) =>
        new(session, "v" + session, Line, position, count, TimeSpan.FromMinutes(position));

    [Fact]
    public void Changes_ReportsNewSessionsAndMovedOnesOnly()
    {
        var tracker = new QueuePositionTracker();

        var first = tracker.Changes(Line, [At("a", 1, 3), At("b", 2, 3), At("c", 3, 3)]);
        var same = tracker.Changes(Line, [At("a", 1, 3), At("b", 2, 3), At("c", 3, 3)]);
        var headLeft = tracker.Changes(Line, [At("b", 1, 3), At("c", 2, 3), At("d", 3, 3)]);
        var tailLeft = tracker.Changes(Line, [At("b", 1, 2), At("c", 2, 2)]);

        Assert.Equal(["a", "b", "c"], first.Select(p => p.SessionId));
        Assert.Empty(same);
        Assert.Equal(["b", "c", "d"], headLeft.Select(p => p.SessionId));
        Assert.Empty(tailLeft);
    }

    [Fact]
    public void Changes_ForgetsSessionsThatLeft_SoAReturnIsReportedAgain()
    {
        var tracker = new QueuePositionTracker();
        tracker.Changes(Line, [At("a", 1, 1)]);
        tracker.Changes(Line, []);

        Assert.Single(tracker.Changes(Line, [At("a", 1, 1)]));
    }

    [Fact]
    public void Changes_KeepsLinesApart()
    {
        var tracker = new QueuePositionTracker();
        tracker.Changes(Line, [At("a", 1, 1)]);

        var other = tracker.Changes(WaitingLineKey.ForAgent("alice"), [At("a", 1, 1) with { Line = WaitingLineKey.ForAgent("alice") }]);

        Assert.Single(other);
    }
}
