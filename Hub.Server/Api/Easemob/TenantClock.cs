using KefuHub.Server.Storage;

namespace KefuHub.Server.Api.Easemob;

/// <summary>
/// Easemob shows times as <c>yyyy-MM-dd HH:mm:ss</c> in the tenant's zone: here the zone of the tenant's
/// time plan, or UTC when it has none.
/// </summary>
internal sealed class TenantClock(ITenantStore tenants, TimeProvider time)
{
    public async ValueTask<TenantTime> GetAsync(int tenantId, CancellationToken cancellationToken)
    {
        var plan = await tenants.GetTimePlanAsync(tenantId, cancellationToken);
        var zone = plan is not null && TimeZoneInfo.TryFindSystemTimeZoneById(plan.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        return new TenantTime(zone, time.GetUtcNow());
    }
}
