using KefuHub.LoadTests.Baselines;
using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Framework;
using KefuHub.LoadTests.Hosting;
using KefuHub.LoadTests.Reports;

namespace KefuHub.LoadTests.Running;

/// <summary>One invocation of the CLI: the echo baselines, then the scenario once per store and
/// protocol (starting and stopping the embedded hub and PostgreSQL itself unless given URLs), then
/// the reports. Whatever it started is stopped by its owner's <c>finally</c>, also on failure or
/// Ctrl+C (the token); <see cref="ChildProcesses"/> kills what is left if the process exits abruptly.</summary>
internal static class LoadTestRun
{
    public static async Task<RunReport> RunAsync(string scenarioName, RunOptions options, Action<string>? progress, CancellationToken cancellationToken)
    {
        var info = RunInfo.Capture(options.CommandLine);
        var scenario = scenarioName == ScenarioCatalog.Baseline ? null : ScenarioCatalog.Find(scenarioName)
            ?? throw new ArgumentException($"Unknown scenario '{scenarioName}'.");
        var results = new List<ScenarioResult>();
        using var addresses = new SourceAddressPool(options.SourceAddresses > 0 ? options.SourceAddresses : AddressesFor(options));
        if (scenario is null || options.Baselines)
        {
            results.AddRange(await RunBaselinesAsync(options, addresses, progress, cancellationToken));
        }

        if (scenario is not null)
        {
            var stores = options.Urls.Count > 0 ? ["target"] : options.Stores;
            foreach (var store in stores)
            {
                results.AddRange(await RunOnStoreAsync(scenario, store, options, addresses, progress, cancellationToken));
            }
        }

        var directory = Path.Combine(options.ReportDirectory, $"{scenarioName}-{info.StartedAt:yyyyMMdd-HHmmss}");
        var report = new RunReport(info with { LoadAverageAtEnd = RunInfo.LoadAverage() }, results, directory);
        await ReportWriter.WriteAsync(report, cancellationToken);
        return report;
    }

    /// <summary>About 28,000 ephemeral ports per source address: take one per 25,000 connections,
    /// and bind only against loopback (other targets route by their own addresses).</summary>
    private static int AddressesFor(RunOptions options)
    {
        var connections = options.Settings.VisitorsOr(0) + options.Settings.AgentsOr(0);
        var loopback = options.Urls.All(u => u.IsLoopback);
        return loopback ? Math.Clamp((int)Math.Ceiling(connections / 25_000.0), 1, 250) : 1;
    }

    private static async Task<List<ScenarioResult>> RunOnStoreAsync(Scenarios.ILoadScenario scenario, string store, RunOptions options, SourceAddressPool addresses, Action<string>? progress, CancellationToken cancellationToken)
    {
        var results = new List<ScenarioResult>();
        PostgresInstance? postgres = null;
        EmbeddedHub? hub = null;
        try
        {
            IReadOnlyList<Uri> urls = options.Urls;
            var pids = options.ServerProcessIds;
            var credentials = new HubCredentials(options.Tenant, options.ClientId ?? "", options.SecretId ?? "");
            if (urls.Count == 0)
            {
                credentials = HubCredentials.Generate(options.Tenant);
                if (store == "postgres")
                {
                    progress?.Invoke("starting PostgreSQL");
                    postgres = await PostgresInstance.StartAsync(cancellationToken);
                }

                progress?.Invoke($"starting the embedded hub ({store})");
                hub = await EmbeddedHub.StartAsync(options.ServerDll ?? EmbeddedHub.DefaultServerDll(), credentials, postgres?.ConnectionString, cancellationToken);
                urls = [hub.Url];
                pids = [hub.ProcessId];
            }
            else if (options.ClientId is null || options.SecretId is null)
            {
                throw new ArgumentException("--url needs the tenant's REST credentials: --client-id and --secret-id.");
            }

            foreach (var protocol in options.Protocols)
            {
                var rest = new KefuRestClient(addresses.HttpClients(urls[0]), credentials.TenantId);
                await rest.SignInAsync(credentials.ClientId, credentials.SecretId, cancellationToken);
                var target = new HubTarget(urls, rest, new HubConnectionFactory(protocol, addresses), pids, store);
                var definition = scenario.Build(target, options.Settings)
                    .WithLabel($"{scenario.Name} [{protocol.ToString().ToLowerInvariant()}, {store}]");
                results.Add(await ScenarioRunner.RunAsync(definition, progress, cancellationToken));
            }
        }
        finally
        {
            if (hub is not null)
            {
                await hub.DisposeAsync();
            }

            if (postgres is not null)
            {
                await postgres.DisposeAsync();
            }
        }

        return results;
    }

    private static async Task<List<ScenarioResult>> RunBaselinesAsync(RunOptions options, SourceAddressPool addresses, Action<string>? progress, CancellationToken cancellationToken)
    {
        var rate = options.Settings.RateOr(100);
        var duration = TimeSpan.FromSeconds(Math.Min(options.Settings.DurationOr(TimeSpan.FromSeconds(10)).TotalSeconds, 15));
        progress?.Invoke("starting the echo server");
        await using var echo = await EchoServerProcess.StartAsync(cancellationToken);
        var results = new List<ScenarioResult>
        {
            await ScenarioRunner.RunAsync(EchoBaselines.WebSocketEcho(echo.Url, addresses, rate, duration), progress, cancellationToken),
        };
        foreach (var protocol in options.Protocols)
        {
            results.Add(await ScenarioRunner.RunAsync(EchoBaselines.SignalREcho(echo.Url, new HubConnectionFactory(protocol, addresses), rate, duration), progress, cancellationToken));
        }

        return results;
    }
}
