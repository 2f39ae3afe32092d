using KefuHub.Routing;
using KefuHub.Server.Hubs;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Pushes <c>queuePosition</c> to waiting visitors whose place changed (rule 8). Changed lines are
/// collected and handled once per <see cref="Interval"/>, so a visitor gets at most one push per
/// second however busy its line is, and only when its position or the line's count moved.
/// </summary>
internal sealed partial class QueuePositionPublisher(
    RoutingEngine engine,
    ChangedWaitingLines changedLines,
    IQueuePositionLedger ledger,
    ConversationNotifier notify,
    TimeProvider time,
    ILogger<QueuePositionPublisher> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var key in changedLines.TakeAll())
            {
                try
                {
                    await PublishLineAsync(key.TenantId, key.Line, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogPublishFailed(logger, key.TenantId, key.Line.ToString(), ex);
                }
            }
        }
    }

    private async Task PublishLineAsync(int tenantId, WaitingLineKey line, CancellationToken cancellationToken)
    {
        var current = await engine.ReadAsync(tenantId, s => s.GetLinePositions(line), cancellationToken);
        foreach (var position in await ledger.TakeChangesAsync(tenantId, line, current, cancellationToken))
        {
            await notify.ToVisitorAsync(tenantId, position.VisitorId, ClientEvents.QueuePosition, ContractMapper.ToEvent(position), cancellationToken);
        }
    }

    [LoggerMessage(3001, LogLevel.Warning, "Pushing queue positions of tenant {TenantId} line {Line} failed; the next change retries")]
    private static partial void LogPublishFailed(ILogger logger, int tenantId, string line, Exception exception);
}
