using System.Collections.Concurrent;
using KefuHub.Routing;

namespace KefuHub.Tests.Infrastructure;

/// <summary>Keeps every published routing event, in order.</summary>
public sealed class RecordingEventSink : IRoutingEventSink
{
    private readonly ConcurrentQueue<RoutingEvent> _events = new();

    public IReadOnlyList<RoutingEvent> Events => [.. _events];

    public IReadOnlyList<T> OfType<T>()
        where T : RoutingEvent => _events.OfType<T>().ToList();

    public void Clear() => _events.Clear();

    public ValueTask PublishAsync(int tenantId, IReadOnlyList<RoutingEvent> events, CancellationToken cancellationToken)
    {
        foreach (var e in events)
        {
            _events.Enqueue(e);
        }

        return ValueTask.CompletedTask;
    }
}
