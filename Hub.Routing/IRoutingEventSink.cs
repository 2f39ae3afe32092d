namespace KefuHub.Routing;

/// <summary>Receives the events of every applied command, in order per tenant and engine: hub pushes, webhooks, metrics.</summary>
public interface IRoutingEventSink
{
    ValueTask PublishAsync(int tenantId, IReadOnlyList<RoutingEvent> events, CancellationToken cancellationToken);
}
