namespace KefuHub.Server.Storage;

public interface IVisitorStore
{
    ValueTask CreateVisitorAsync(VisitorRecord visitor, CancellationToken cancellationToken);

    ValueTask<VisitorRecord?> GetVisitorAsync(int tenantId, string visitorId, CancellationToken cancellationToken);
}
