namespace KefuHub.Server.Conversations;

/// <summary>Runs <see cref="ConversationService.SweepInactiveSessionsAsync"/> every <see cref="Interval"/> on the injected clock.</summary>
internal sealed partial class InactivitySweeper(ConversationService conversations, TimeProvider time, ILogger<InactivitySweeper> logger) : BackgroundService
{
    /// <summary>The warning and the close come at most this late.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await conversations.SweepInactiveSessionsAsync(stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogSweepFailed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    [LoggerMessage(3300, LogLevel.Warning, "Sweeping inactive sessions failed; the next round retries")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
