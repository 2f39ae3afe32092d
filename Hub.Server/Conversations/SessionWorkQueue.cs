using System.Collections.Concurrent;

namespace KefuHub.Server.Conversations;

/// <summary>
/// Work done after a call has answered (the robot's replies), one piece at a time per session, in the order given,
/// so that answers come in the order of the messages. Stops with the host; a failure is logged, not thrown.
/// </summary>
public sealed partial class SessionWorkQueue(IHostApplicationLifetime lifetime, ILogger<SessionWorkQueue> logger)
{
    private readonly ConcurrentDictionary<string, Task> _tails = new();

    /// <summary>Runs <paramref name="work"/> after the session's earlier work; the returned task completes when it has run.</summary>
    public Task Enqueue(string sessionId, Func<CancellationToken, Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_tails)
        {
            var previous = _tails.GetValueOrDefault(sessionId, Task.CompletedTask);
            var next = RunAfterAsync(previous, sessionId, work);
            _tails[sessionId] = next;
            _ = next.ContinueWith(
                done =>
                {
                    lock (_tails)
                    {
                        // Forget the session once its last piece is done (none came after it).
                        if (_tails.TryGetValue(sessionId, out var tail) && tail == done)
                        {
                            _tails.TryRemove(sessionId, out _);
                        }
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
            return next;
        }
    }

    private async Task RunAfterAsync(Task previous, string sessionId, Func<CancellationToken, Task> work)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var stopping = lifetime.ApplicationStopping;
        try
        {
            await Task.Run(() => work(stopping), stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogFailed(logger, sessionId, exception);
        }
    }

    [LoggerMessage(3400, LogLevel.Error, "Work after a call failed for session {ServiceSessionId}")]
    private static partial void LogFailed(ILogger logger, string serviceSessionId, Exception exception);
}
