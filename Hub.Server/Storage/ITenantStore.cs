namespace KefuHub.Server.Storage;

public interface ITenantStore
{
    ValueTask<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken);

    ValueTask<TenantRecord?> GetTenantAsync(int tenantId, CancellationToken cancellationToken);

    ValueTask<TenantRecord?> FindTenantByClientIdAsync(string clientId, CancellationToken cancellationToken);

    /// <summary>Creates the tenant; false when its id or client id exists already.</summary>
    ValueTask<bool> CreateTenantAsync(TenantRecord tenant, CancellationToken cancellationToken);

    /// <summary>
    /// Creates a tenant under the next free id (above every existing one) together with its first
    /// administrator, in one transaction; the id. <paramref name="admin"/>'s tenant id is replaced.
    /// </summary>
    ValueTask<int> CreateNextTenantAsync(TenantRecord tenant, AgentRecord admin, CancellationToken cancellationToken);

    /// <summary>False when the tenant does not exist.</summary>
    ValueTask<bool> SetTenantEnabledAsync(int tenantId, bool enabled, CancellationToken cancellationToken);

    /// <summary>The tenant's settings, or <see cref="TenantSettings.Default"/> when none were saved.</summary>
    ValueTask<TenantSettings> GetSettingsAsync(int tenantId, CancellationToken cancellationToken);

    ValueTask SaveSettingsAsync(int tenantId, TenantSettings settings, CancellationToken cancellationToken);

    /// <summary>Null when the tenant has no time plan (always open).</summary>
    ValueTask<TimePlanDocument?> GetTimePlanAsync(int tenantId, CancellationToken cancellationToken);

    ValueTask SaveTimePlanAsync(int tenantId, TimePlanDocument? timePlan, CancellationToken cancellationToken);
}
