using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KefuHub.Server.Storage;

/// <summary>Ready only while the durable store answers.</summary>
internal sealed class StorageHealthCheck(IStorageMigrator storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await storage.PingAsync(cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy()
            : new HealthCheckResult(context.Registration.FailureStatus, "The durable store does not answer.");
}
