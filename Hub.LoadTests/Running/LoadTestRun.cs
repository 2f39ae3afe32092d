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
        var suite = scenarioName == ScenarioCatalog.Baseline ? null : ScenarioCatalog.Find(scenarioName)
            ?? throw new ArgumentException($"Unknown scenario '{scenarioName}'.");
        var deployments = suite is null ? [] : Deployments(suite, options);
        var results = new List<ScenarioResult>();
        using var addresses = new SourceAddressPool(options.SourceAddresses > 0 ? options.SourceAddresses : AddressesFor(options));
        if (suite is null || options.Baselines)
        {
            results.AddRange(await RunBaselinesAsync(options, addresses, progress, cancellationToken));
        }

        foreach (var (store, nodes) in deployments)
        {
            results.AddRange(await RunOnDeploymentAsync(suite!, store, nodes, options, addresses, progress, cancellationToken));
        }

        var directory = Path.Combine(options.ReportDirectory, $"{scenarioName}-{info.StartedAt:yyyyMMdd-HHmmss}");
        var report = new RunReport(info with { LoadAverageAtEnd = RunInfo.LoadAverage() }, results, directory);
        await ReportWriter.WriteAsync(report, cancellationToken);
        return report;
    }

    /// <summary>Every (store, nodes) the suite runs on, checked before anything starts; given URLs are one
    /// deployment (<c>target</c>) of as many nodes as URLs.</summary>
    private static List<(string Store, int Nodes)> Deployments(ScenarioSuite suite, RunOptions options)
    {
        if (options.Urls.Count > 0)
        {
            if (options.ClientId is null || options.SecretId is null)
            {
                throw new ArgumentException("--url needs the tenant's REST credentials: --client-id and --secret-id.");
            }

            return options.Urls.Count >= suite.MinimumNodes
                ? [("target", options.Urls.Count)]
                : throw new ArgumentException($"{suite.Name} needs {suite.MinimumNodes} hub nodes: give as many --url.");
        }

        var nodeCounts = options.Nodes.Count > 0 ? options.Nodes : [suite.MinimumNodes];
        if (nodeCounts.FirstOrDefault(n => n < suite.MinimumNodes) is > 0 and var few)
        {
            throw new ArgumentException($"{suite.Name} needs {suite.MinimumNodes} hub nodes, not --nodes {few}.");
        }

        var deployments = new List<(string, int)>();
        foreach (var nodes in nodeCounts)
        {
            var stores = options.Stores.Count > 0 ? options.Stores : [nodes > 1 ? "postgres" : "sqlite"];
            if (nodes > 1 && stores.Contains("sqlite"))
            {
                throw new ArgumentException($"--nodes {nodes} shares one PostgreSQL between the nodes: --store postgres, not sqlite.");
            }

            deployments.AddRange(stores.Select(store => (store, nodes)));
        }

        return deployments;
    }

    /// <summary>About 28,000 ephemeral ports per source address: take one per 25,000 connections,
    /// and bind only against loopback (other targets route by their own addresses).</summary>
    private static int AddressesFor(RunOptions options)
    {
        var connections = options.Settings.VisitorsOr(0) + options.Settings.AgentsOr(0);
        var loopback = options.Urls.All(u => u.IsLoopback);
        return loopback ? Math.Clamp((int)Math.Ceiling(connections / 25_000.0), 1, 250) : 1;
    }

    private static async Task<List<ScenarioResult>> RunOnDeploymentAsync(ScenarioSuite suite, string store, int nodes, RunOptions options, SourceAddressPool addresses, Action<string>? progress, CancellationToken cancellationToken)
    {
        var results = new List<ScenarioResult>();
        EmbeddedDeployment? deployment = null;
        try
        {
            IReadOnlyList<Uri> urls = options.Urls;
            var pids = options.ServerProcessIds;
            var credentials = new HubCredentials(options.Tenant, options.ClientId ?? "", options.SecretId ?? "");
            if (urls.Count == 0)
            {
                deployment = await EmbeddedDeployment.StartAsync(options.ServerDll ?? EmbeddedHub.DefaultServerDll(), options.Tenant, store, nodes, progress, cancellationToken);
                credentials = deployment.Credentials;
                urls = deployment.Urls;
                pids = deployment.ProcessIds;
            }

            var where = nodes > 1 ? $"{store}, {nodes} nodes" : store;
            foreach (var protocol in options.Protocols)
            {
                foreach (var scenario in suite.Parts)
                {
                    var rest = new KefuRestClient(addresses.HttpClients(urls[0]), credentials.TenantId);
                    await rest.SignInAsync(credentials.ClientId, credentials.SecretId, cancellationToken);
                    var target = new HubTarget(urls, rest, new HubConnectionFactory(protocol, addresses), pids, store) { Redis = deployment?.Redis };
                    var name = suite.Parts.Count > 1 ? $"{suite.Name}/{scenario.Name}" : scenario.Name;
                    var definition = scenario.Build(target, options.Settings)
                        .WithLabel($"{name} [{protocol.ToString().ToLowerInvariant()}, {where}]");
                    results.Add(await ScenarioRunner.RunAsync(definition, progress, cancellationToken));
                }
            }
        }
        finally
        {
            if (deployment is not null)
            {
                await deployment.DisposeAsync();
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
