using System.Net;
using System.Net.Http.Json;
using KefuHub.Server.Storage;
using KefuHub.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace KefuHub.Tests.Server;

/// <summary>Two nodes starting on one empty store: only the one whose bootstrap was stored prints credentials.</summary>
public sealed class BootstrapRaceTests
{
    private static readonly Dictionary<string, string?> Generated = new()
    {
        ["Kefu:Bootstrap:ClientId"] = null,
        ["Kefu:Bootstrap:SecretId"] = null,
        ["Kefu:Bootstrap:AdminPassword"] = null,
    };

    [Fact]
    public async Task TheNodeThatLosesTheRace_PrintsNoCredentials_AndTheWinnersWork()
    {
        var ct = TestContext.Current.CancellationToken;
        var winnerLogs = new RecordingLoggerProvider();
        var winner = KefuTestServer.Start(Generated, services: s => s.AddSingleton<ILoggerProvider>(winnerLogs));
        try
        {
            await RaceAsync(winner, winnerLogs, ct);
        }
        finally
        {
            await winner.DisposeAndDeleteAsync();
        }
    }

    private static async Task RaceAsync(KefuTestServer winner, RecordingLoggerProvider winnerLogs, CancellationToken ct)
    {
        var loserLogs = new RecordingLoggerProvider();

        // The loser read the store while it was still empty, before the winner's bootstrap landed.
        await using var loser = KefuTestServer.Start(Generated, winner.DataDirectory, services: s =>
        {
            s.AddSingleton<ILoggerProvider>(loserLogs);
            var inner = s.Single(d => d.ServiceType == typeof(ITenantStore));
            s.Replace(ServiceDescriptor.Singleton<ITenantStore>(sp => new StaleFirstListing((ITenantStore)inner.ImplementationFactory!(sp))));
        });

        Assert.DoesNotContain(loserLogs.Entries, e => e.Text.Contains("Generated", StringComparison.Ordinal));
        Assert.Contains(loserLogs.Entries, e => e.Text.Contains("another node created it first", StringComparison.Ordinal));
        var password = Assert.Single(winnerLogs.Entries, e => e.Text.StartsWith("Generated password", StringComparison.Ordinal)).Text.Split(": ")[1].Split(' ')[0];
        Assert.Single(winnerLogs.Entries, e => e.Text.StartsWith("Generated REST client credentials", StringComparison.Ordinal));
        foreach (var server in new[] { winner, loser })
        {
            using var login = await server.Http.PostAsJsonAsync($"/api/tenants/{KefuTestServer.TenantId}/agents/token", new { username = KefuTestServer.AdminUsername, password }, ct);
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }
    }

    private sealed class StaleFirstListing(ITenantStore inner) : ITenantStore
    {
        private int _listings;

        public async ValueTask<IReadOnlyList<TenantRecord>> ListTenantsAsync(CancellationToken cancellationToken) =>
            Interlocked.Increment(ref _listings) == 1 ? [] : await inner.ListTenantsAsync(cancellationToken);

        public ValueTask<TenantRecord?> GetTenantAsync(int tenantId, CancellationToken cancellationToken) => inner.GetTenantAsync(tenantId, cancellationToken);

        public ValueTask<TenantRecord?> FindTenantByClientIdAsync(string clientId, CancellationToken cancellationToken) => inner.FindTenantByClientIdAsync(clientId, cancellationToken);

        public ValueTask<bool> CreateTenantAsync(TenantRecord tenant, CancellationToken cancellationToken) => inner.CreateTenantAsync(tenant, cancellationToken);

        public ValueTask<int> CreateNextTenantAsync(TenantRecord tenant, AgentRecord admin, CancellationToken cancellationToken) => inner.CreateNextTenantAsync(tenant, admin, cancellationToken);

        public ValueTask<bool> SetTenantEnabledAsync(int tenantId, bool enabled, CancellationToken cancellationToken) => inner.SetTenantEnabledAsync(tenantId, enabled, cancellationToken);

        public ValueTask<TenantSettings> GetSettingsAsync(int tenantId, CancellationToken cancellationToken) => inner.GetSettingsAsync(tenantId, cancellationToken);

        public ValueTask SaveSettingsAsync(int tenantId, TenantSettings settings, CancellationToken cancellationToken) => inner.SaveSettingsAsync(tenantId, settings, cancellationToken);

        public ValueTask<TimePlanDocument?> GetTimePlanAsync(int tenantId, CancellationToken cancellationToken) => inner.GetTimePlanAsync(tenantId, cancellationToken);

        public ValueTask SaveTimePlanAsync(int tenantId, TimePlanDocument? timePlan, CancellationToken cancellationToken) => inner.SaveTimePlanAsync(tenantId, timePlan, cancellationToken);
    }
}
