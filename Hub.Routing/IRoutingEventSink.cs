namespace KefuHub.Routing;

/// <summary>
/// Receives the events of every applied command, in order per tenant and engine: hub pushes, webhooks, metrics.
/// One call may carry several commands' events (what queued while the previous call ran), still in order.
/// </summary>
public interface IRoutingEventSink
{
    ValueTask PublishAsync(int tenantId, IReadOnlyList<RoutingEvent> events, CancellationToken cancellationToken);
}
