using KefuHub.Server.Storage;

namespace KefuHub.Tests.Storage;

public sealed class GroupCommitQueueTests
{
    [Fact]
    public async Task ItemsQueuedWhileARoundRuns_GoTogetherInTheNext_InArrivalOrder()
    {
        var rounds = new List<int[]>();
        var firstRoundHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var queue = new GroupCommitQueue<int>(maxPerRound: 3, async round =>
        {
            rounds.Add([.. round]);
            if (rounds.Count == 1)
            {
                await firstRoundHeld.Task;
            }
        });

        Assert.True(queue.Enqueue(1));
        var running = queue.RunRoundsAsync();
        foreach (var item in new[] { 2, 3, 4, 5 })
        {
            Assert.False(queue.Enqueue(item), "a round is under way: nobody else starts one");
        }

        firstRoundHeld.SetResult();
        await running;

        Assert.Equal([[1], [2, 3, 4], [5]], rounds);
        Assert.True(queue.Enqueue(6), "all done: the next caller starts the rounds again");
    }

    [Fact]
    public async Task ACallerThatHandsOff_ReturnsAfterItsRound_AndTheRestIsStillRun()
    {
        var done = new List<int>();
        var secondRoundHeld = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var allDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        GroupCommitQueue<int>? queue = null;
        queue = new GroupCommitQueue<int>(maxPerRound: 1, async round =>
        {
            if (round[0] == 1)
            {
                queue!.Enqueue(2);
            }
            else
            {
                await secondRoundHeld.Task;
            }

            done.AddRange(round);
            if (done.Count == 2)
            {
                allDone.SetResult();
            }
        });

        Assert.True(queue.Enqueue(1));
        await queue.RunRoundsAsync(handOff: () => done.Contains(1)).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal([1], done);
        secondRoundHeld.SetResult();
        await allDone.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        Assert.Equal([1, 2], done);
    }
}
