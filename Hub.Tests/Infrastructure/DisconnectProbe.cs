using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;

namespace KefuHub.Tests.Infrastructure;

/// <summary>
/// A hub filter that tells a test when the server has finished a connection's <c>OnDisconnectedAsync</c>
/// (so routing has seen the drop): a barrier before the test moves a fake clock past a grace period.
/// </summary>
public sealed class DisconnectProbe : IHubFilter
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _done = new(StringComparer.Ordinal);

    /// <summary>Completes once the server has handled the disconnect of <paramref name="connectionId"/>.</summary>
    public Task DisconnectedAsync(string connectionId) => Completion(connectionId).Task;

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context, exception);
        }
        finally
        {
            Completion(context.Context.ConnectionId).TrySetResult();
        }
    }

    private TaskCompletionSource Completion(string connectionId) =>
        _done.GetOrAdd(connectionId, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
