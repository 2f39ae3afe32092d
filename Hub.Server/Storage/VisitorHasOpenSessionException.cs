namespace KefuHub.Server.Storage;

/// <summary>The store refused a session: its visitor already has another open one (rule 9, a unique index).</summary>
public sealed class VisitorHasOpenSessionException(int tenantId, string visitorId, string serviceSessionId)
    : InvalidOperationException($"Tenant {tenantId}: visitor {visitorId} already has an open session other than {serviceSessionId}.")
{
    public int TenantId { get; } = tenantId;

    public string VisitorId { get; } = visitorId;

    public string ServiceSessionId { get; } = serviceSessionId;
}
