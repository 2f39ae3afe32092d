using System.Collections.Concurrent;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>
/// When visitors were last seen, written about once a second in one transaction rather than one write per
/// connection: a burst of two thousand visitors connecting was two thousand commits (on SQLite each one
/// holding the one write lock that routing rounds and messages wait for). A last-seen time is for people
/// reading the visitor list; losing the last second of it in a crash costs nothing, so it is not worth a
/// commit on the connect path. Pending sightings are written on shutdown, and kept for the next try when
/// the database refuses them.
/// </summary>
public sealed partial class VisitorSightings(IVisitorStore visitors, TimeProvider time, ILogger<VisitorSightings> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private ConcurrentDictionary<(int TenantId, string VisitorId), DateTimeOffset> _pending = new();

    /// <summary>Notes the visitor as seen now; the latest of several sightings before a write wins.</summary>
    public void Record(int tenantId, string visitorId) => Note(_pending, (tenantId, visitorId), time.GetUtcNow());

    /// <summary>Writes what was noted since the last write.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var taken = Interlocked.Exchange(ref _pending, new());
        if (taken.IsEmpty)
        {
            return;
        }

        try
        {
            await visitors.TouchVisitorsAsync([.. taken.Select(p => new VisitorSighting(p.Key.TenantId, p.Key.VisitorId, p.Value))], cancellationToken);
        }
        catch
        {
            foreach (var (key, seenAt) in taken)
            {
                Note(_pending, key, seenAt);
            }

            throw;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception exception)
        {
            // The store may be going too (a host stopping its services at once): a shutdown never fails for this.
            LogWriteFailed(logger, exception);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await FlushAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogWriteFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: StopAsync writes the rest.
        }
    }

    private static void Note(ConcurrentDictionary<(int, string), DateTimeOffset> pending, (int, string) key, DateTimeOffset seenAt) =>
        pending.AddOrUpdate(key, seenAt, (_, earlier) => earlier > seenAt ? earlier : seenAt);

    [LoggerMessage(3310, LogLevel.Warning, "Writing visitors' last-seen times failed; the next round retries")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}
