using KefuHub.Server.Conversations;
using KefuHub.Server.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace KefuHub.Tests.Server;

public sealed class VisitorSightingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ManySightingsOfOneVisitor_AreOneWriteOfTheLatest_AndNothingIsWrittenTwice()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var store = new RecordingVisitorStore();
        var sightings = new VisitorSightings(store, time, NullLogger<VisitorSightings>.Instance);

        sightings.Record(1, "v1");
        time.Advance(TimeSpan.FromSeconds(5));
        sightings.Record(1, "v1");
        sightings.Record(2, "v1");
        await sightings.FlushAsync(Ct);
        await sightings.FlushAsync(Ct);

        var write = Assert.Single(store.Writes);
        Assert.Equal(
            [new VisitorSighting(1, "v1", DateTimeOffset.UnixEpoch.AddSeconds(5)), new VisitorSighting(2, "v1", DateTimeOffset.UnixEpoch.AddSeconds(5))],
            write.OrderBy(s => s.TenantId));
    }

    [Fact]
    public async Task AWriteTheDatabaseRefused_IsTriedAgain_WithNewerSightingsWinning()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var store = new RecordingVisitorStore { FailNext = true };
        var sightings = new VisitorSightings(store, time, NullLogger<VisitorSightings>.Instance);
        sightings.Record(1, "v1");
        sightings.Record(1, "v2");

        await Assert.ThrowsAsync<InvalidOperationException>(() => sightings.FlushAsync(Ct));
        time.Advance(TimeSpan.FromSeconds(1));
        sightings.Record(1, "v2");
        await sightings.FlushAsync(Ct);

        Assert.Equal(
            [new VisitorSighting(1, "v1", DateTimeOffset.UnixEpoch), new VisitorSighting(1, "v2", DateTimeOffset.UnixEpoch.AddSeconds(1))],
            Assert.Single(store.Writes).OrderBy(s => s.VisitorId, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Stopping_WritesWhatIsPending()
    {
        var store = new RecordingVisitorStore();
        var sightings = new VisitorSightings(store, TimeProvider.System, NullLogger<VisitorSightings>.Instance);
        await sightings.StartAsync(Ct);
        sightings.Record(1, "v1");

        await sightings.StopAsync(Ct);

        Assert.Equal("v1", Assert.Single(store.Writes.SelectMany(w => w)).VisitorId);
    }

    /// <summary>Keeps each write of sightings; the first one fails when asked to.</summary>
    private sealed class RecordingVisitorStore : IVisitorStore
    {
        public List<IReadOnlyCollection<VisitorSighting>> Writes { get; } = [];

        public bool FailNext { get; set; }

        public ValueTask TouchVisitorsAsync(IReadOnlyCollection<VisitorSighting> sightings, CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("the database is restarting");
            }

            lock (Writes)
            {
                Writes.Add(sightings);
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask CreateVisitorAsync(VisitorRecord visitor, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<VisitorRecord?> GetVisitorAsync(int tenantId, string visitorId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyDictionary<string, string?>> GetVisitorNicknamesAsync(int tenantId, IReadOnlyCollection<string> visitorIds, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public ValueTask<VisitorRecord> FindOrCreateVisitorByUserIdAsync(VisitorRecord visitor, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<bool> UpdateVisitorProfileAsync(VisitorRecord visitor, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<bool> SetVisitorTagsAsync(int tenantId, string visitorId, IReadOnlyList<int> tagIds, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
