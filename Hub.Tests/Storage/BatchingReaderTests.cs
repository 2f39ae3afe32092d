using KefuHub.Server.Storage;

namespace KefuHub.Tests.Storage;

public sealed class BatchingReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Alone_ALookUpIsOneReadOfItsKey()
    {
        var reads = new List<IReadOnlyList<int>>();
        var reader = new BatchingReader<int, string>(
            (keys, _) =>
            {
                reads.Add(keys);
                return Task.FromResult<IReadOnlyDictionary<int, string>>(keys.Where(k => k != 2).ToDictionary(k => k, k => "value " + k));
            },
            maxKeysPerRead: 10,
            maxReadsInFlight: 2);

        Assert.Equal("value 1", await reader.ReadAsync(1, Ct));
        Assert.Null(await reader.ReadAsync(2, Ct));
        Assert.Equal([[1], [2]], reads);
    }

    [Fact]
    public async Task ABurstOfLookUps_SharesFewReads_NeverMoreInFlightThanAllowed_EachCallerGetsItsOwnValue()
    {
        var gate = new Lock();
        var inFlight = 0;
        var maxInFlight = 0;
        var reads = 0;
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = new BatchingReader<int, int>(
            async (keys, _) =>
            {
                lock (gate)
                {
                    reads++;
                    maxInFlight = Math.Max(maxInFlight, ++inFlight);
                }

                Assert.True(keys.Count <= 50);
                Assert.Equal(keys.Count, keys.Distinct().Count());
                await release.Task;
                await Task.Delay(Random.Shared.Next(3), CancellationToken.None);
                lock (gate)
                {
                    inFlight--;
                }

                return keys.ToDictionary(k => k, k => k * 10);
            },
            maxKeysPerRead: 50,
            maxReadsInFlight: 3);

        var keys = Enumerable.Range(0, 1000).Select(i => i % 700).ToList(); // Some asked twice at once.
        // Each call queues its key before it returns; the first reads wait on the release meanwhile.
        var lookups = keys.Select(k => reader.ReadAsync(k, Ct).AsTask()).ToList();
        await Task.Delay(50, Ct);
        release.SetResult();
        var values = await Task.WhenAll(lookups).WaitAsync(TimeSpan.FromSeconds(20), Ct);

        Assert.Equal([.. keys.Select(k => k * 10)], values!);
        Assert.InRange(maxInFlight, 1, 3);
        Assert.InRange(reads, 1000 / 50, 100); // Merged: far fewer reads than look-ups.
    }

    [Fact]
    public async Task AFailedRead_FailsItsCallers_AndTheNextLookUpReadsAgain()
    {
        var fail = true;
        var reader = new BatchingReader<int, string>(
            (keys, _) => fail
                ? Task.FromException<IReadOnlyDictionary<int, string>>(new InvalidOperationException("database restarting"))
                : Task.FromResult<IReadOnlyDictionary<int, string>>(keys.ToDictionary(k => k, k => "v" + k)),
            maxKeysPerRead: 10,
            maxReadsInFlight: 1);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => reader.ReadAsync(1, Ct).AsTask());
        Assert.Equal("database restarting", error.Message);

        fail = false;
        Assert.Equal("v1", await reader.ReadAsync(1, Ct));
    }

    [Fact]
    public async Task ACallerThatGivesUp_IsAnsweredWithItsCancellation_OthersStillGetTheirs()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = new BatchingReader<int, int>(
            async (keys, _) =>
            {
                await release.Task;
                return keys.ToDictionary(k => k, k => k);
            },
            maxKeysPerRead: 10,
            maxReadsInFlight: 1);
        using var giveUp = new CancellationTokenSource();

        var abandoned = reader.ReadAsync(1, giveUp.Token).AsTask();
        var kept = reader.ReadAsync(2, Ct).AsTask();
        await giveUp.CancelAsync();
        release.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned);
        Assert.Equal(2, await kept);
    }
}
