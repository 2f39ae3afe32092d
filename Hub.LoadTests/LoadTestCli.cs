using System.CommandLine;
using System.Globalization;
using KefuHub.LoadTests.Baselines;
using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Hosting;
using KefuHub.LoadTests.Running;
using KefuHub.LoadTests.Scenarios;
using Spectre.Console;

namespace KefuHub.LoadTests;

/// <summary>The command line: one sub-command per scenario, options shared by all of them.</summary>
internal static class LoadTestCli
{
    private static readonly Option<string[]> Url = new("--url")
    {
        Description = "Hub base URL(s) to load; several nodes as repeated --url or one comma-separated list. Without it an embedded hub is started (and stopped) per --store.",
        AllowMultipleArgumentsPerToken = true,
        Recursive = true,
    };

    private static readonly Option<int> Tenant = new("--tenant") { Description = "Tenant id.", DefaultValueFactory = _ => 1, Recursive = true };

    private static readonly Option<string?> ClientId = new("--client-id") { Description = "The tenant's REST client id (needed with --url).", Recursive = true };

    private static readonly Option<string?> SecretId = new("--secret-id") { Description = "The tenant's REST secret id (needed with --url).", Recursive = true };

    private static readonly Option<string[]> Protocol = new("--protocol")
    {
        Description = "json, messagepack, or both (json,messagepack): the scenario runs once per protocol.",
        AllowMultipleArgumentsPerToken = true,
        DefaultValueFactory = _ => ["json"],
        Recursive = true,
    };

    private static readonly Option<string[]> Store = new("--store")
    {
        Description = "Embedded hub's store: sqlite, postgres (a local PostgreSQL started for the run), or both (sqlite,postgres). Default: sqlite for one node, postgres for several.",
        AllowMultipleArgumentsPerToken = true,
        Recursive = true,
    };

    private static readonly Option<string[]> Nodes = new("--nodes")
    {
        Description = "Embedded hub nodes: 1 (in-process state), or 2+ over a local Redis (routing state, SignalR backplane) and PostgreSQL the run starts; every agent on the first node, visitors on the others. Several values run once each (1,2 compares one node with the backplane). Default: 1, scale-out 2.",
        AllowMultipleArgumentsPerToken = true,
        Recursive = true,
    };

    private static readonly Option<string> ReportDir = new("--report-dir") { Description = "Where reports go (a folder per run).", DefaultValueFactory = _ => "load-reports", Recursive = true };

    private static readonly Option<string?> ServerDll = new("--server-dll") { Description = "The embedded hub's KefuHub.Server.dll (default: the one built beside this project).", Recursive = true };

    private static readonly Option<int> SourceAddresses = new("--source-addresses")
    {
        Description = "Spread client sockets over 127.0.0.1..127.0.0.N (about 28,000 connections each; loopback targets only). Default: one per 25,000 connections (1 = no bind).",
        DefaultValueFactory = _ => 0,
        Recursive = true,
    };

    private static readonly Option<int[]> ServerPid = new("--server-pid")
    {
        Description = "With --url: process id(s) of the hub on this machine, to report its memory (/proc/<pid>/status, smaps_rollup).",
        AllowMultipleArgumentsPerToken = true,
        Recursive = true,
    };

    private static readonly Option<bool> NoBaselines = new("--no-baselines") { Description = "Skip the echo baselines measured before the scenario.", Recursive = true };

    private static readonly Option<int?> Visitors = new("--visitors") { Description = "Visitors (sessions, connections) of the scenario.", Recursive = true };

    private static readonly Option<int?> Agents = new("--agents") { Description = "Agents of the scenario.", Recursive = true };

    private static readonly Option<int?> Capacity = new("--capacity") { Description = "Each agent's maxServiceSessionCount.", Recursive = true };

    private static readonly Option<int?> Rate = new("--rate") { Description = "Per second: messages (chat), session starts (burst), arriving visitors (soak), connections opened (idle).", Recursive = true };

    private static readonly Option<TimeSpan?> Duration = new("--duration")
    {
        Description = "How long the load runs (e.g. 30s, 2m); burst: how long agents hold each session.",
        CustomParser = result => ParseDuration(result.Tokens[0].Value),
        Recursive = true,
    };

    private static readonly Option<TimeSpan?> WarmUp = new("--warm-up")
    {
        Description = "chat, soak: load run first at the same rate and left out of the statistics, so that the figures are of a warmed-up hub (JIT tiering, pools). [default: 0s]",
        CustomParser = result => ParseDuration(result.Tokens[0].Value),
        Recursive = true,
    };

    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand(
            "KefuHub load tests: NBomber-style scenarios against the hub over the official SignalR client, with reports " +
            "(Markdown, CSV, HTML) and invariant checks read back from the hub. Exits 1 when an invariant fails. " +
            "Many connections need `ulimit -n` raised (e.g. `ulimit -n 200000`).");
        foreach (var option in new Option[] { Url, Tenant, ClientId, SecretId, Protocol, Store, Nodes, ReportDir, ServerDll, SourceAddresses, ServerPid, NoBaselines, Visitors, Agents, Capacity, Rate, Duration, WarmUp })
        {
            root.Options.Add(option);
        }

        foreach (var suite in ScenarioCatalog.All)
        {
            root.Subcommands.Add(ScenarioCommand(suite.Name, suite.Description, args));
        }

        root.Subcommands.Add(ScenarioCommand(ScenarioCatalog.Baseline, "only the baselines: a bare Kestrel WebSocket echo and a bare SignalR echo hub per --protocol, at --rate for --duration (at most 15s)", args));
        var echo = new Command("echo-server", "(internal) the baselines' server, started by the runner") { Hidden = true };
        var urls = new Option<string>("--urls") { Required = true };
        echo.Options.Add(urls);
        echo.SetAction((parse, ct) => EchoServer.RunAsync(parse.GetValue(urls)!, ct));
        root.Subcommands.Add(echo);
        return await root.Parse(args).InvokeAsync();
    }

    /// <summary>Parses the options into a run without running it (the tests use this).</summary>
    internal static RunOptions Options(ParseResult parse, string commandLine)
    {
        var urls = parse.GetValue(Url)?.SelectMany(u => u.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(u => new Uri(u)).ToList() ?? [];
        var protocols = Values(parse.GetValue(Protocol)).Select(p => p switch
        {
            "json" => HubProtocolKind.Json,
            "messagepack" or "msgpack" => HubProtocolKind.MessagePack,
            _ => throw new ArgumentException($"--protocol takes json or messagepack, not '{p}'."),
        }).Distinct().ToList();
        var stores = Values(parse.GetValue(Store)).Select(s => s is "sqlite" or "postgres" ? s : throw new ArgumentException($"--store takes sqlite or postgres, not '{s}'.")).Distinct().ToList();
        return new RunOptions(
            urls,
            parse.GetValue(Tenant),
            parse.GetValue(ClientId),
            parse.GetValue(SecretId),
            protocols,
            stores,
            parse.GetValue(ReportDir)!,
            parse.GetValue(ServerDll),
            parse.GetValue(SourceAddresses),
            !parse.GetValue(NoBaselines),
            new ScenarioSettings(parse.GetValue(Visitors), parse.GetValue(Agents), parse.GetValue(Capacity), parse.GetValue(Rate), parse.GetValue(Duration), parse.GetValue(WarmUp)),
            commandLine)
        {
            ServerProcessIds = parse.GetValue(ServerPid) ?? [],
            Nodes = Values(parse.GetValue(Nodes)).Select(ParseNodes).Distinct().ToList(),
        };
    }

    private static Command ScenarioCommand(string name, string description, string[] args)
    {
        var command = new Command(name, description);
        command.SetAction(async (parse, cancellationToken) =>
        {
            RunOptions options;
            try
            {
                options = Options(parse, "KefuHub.LoadTests " + string.Join(' ', args));
            }
            catch (Exception e) when (e is ArgumentException or UriFormatException)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{e.Message}[/]");
                return 2;
            }

            FileLimit.WarnWhenLow(options.Settings.VisitorsOr(0));
            try
            {
                var report = await RunWithProgressAsync(name, options, cancellationToken);
                Summarize(report);
                return report.Passed ? 0 : 1;
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or FileNotFoundException)
            {
                AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[red]{e.Message}[/]");
                return 2;
            }
        });
        return command;
    }

    private static async Task<RunReport> RunWithProgressAsync(string name, RunOptions options, CancellationToken cancellationToken)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            // A log, not a terminal: don't wrap the tables at 80 columns.
            AnsiConsole.Profile.Width = 160;
            var last = DateTime.MinValue;
            return await LoadTestRun.RunAsync(name, options, line =>
            {
                // Not a terminal (CI, a pipe): a plain line every 5 s instead of a live one.
                if (DateTime.UtcNow - last > TimeSpan.FromSeconds(5))
                {
                    last = DateTime.UtcNow;
                    AnsiConsole.WriteLine(line);
                }
            }, cancellationToken);
        }

        RunReport? report = null;
        await AnsiConsole.Status().StartAsync("starting", async status =>
        {
            report = await LoadTestRun.RunAsync(name, options, line => status.Status(Markup.Escape(line)), cancellationToken);
        });
        return report!;
    }

    private static void Summarize(RunReport report)
    {
        var table = new Table().AddColumns("scenario", "step", "ok", "fail", "RPS", "p50 ms", "p99 ms", "max ms");
        foreach (var result in report.Results)
        {
            foreach (var s in result.Steps)
            {
                table.AddRow(Markup.Escape(result.Label), Markup.Escape(s.Name), $"{s.Ok:N0}", $"{s.Fail:N0}", $"{s.Rps:N1}", $"{s.P50Ms:N2}", $"{s.P99Ms:N2}", $"{s.MaxMs:N2}");
            }
        }

        AnsiConsole.Write(table);
        foreach (var invariant in report.Results.SelectMany(r => r.Invariants.Select(i => (r.Label, i))))
        {
            var mark = invariant.i.Passed ? "[green]passed[/]" : "[red]FAILED[/]";
            AnsiConsole.MarkupLine($"{mark} {Markup.Escape(invariant.Label)}: {Markup.Escape(invariant.i.Name)} ({Markup.Escape(invariant.i.Detail)})");
        }

        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"reports: {report.ReportDirectory}/report.{{md,csv,html}}");
    }

    private static IEnumerable<string> Values(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(v => v.ToLowerInvariant());

    private static int ParseNodes(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var nodes) && nodes is >= 1 and <= 16
            ? nodes
            : throw new ArgumentException($"--nodes takes whole numbers from 1 to 16, not '{text}'.");

    internal static TimeSpan ParseDuration(string text)
    {
        var value = text.Trim();
        double Number(int cut) => double.Parse(value[..^cut], CultureInfo.InvariantCulture);
        return value switch
        {
            _ when value.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(Number(2)),
            _ when value.EndsWith('s') => TimeSpan.FromSeconds(Number(1)),
            _ when value.EndsWith('m') => TimeSpan.FromMinutes(Number(1)),
            _ when value.EndsWith('h') => TimeSpan.FromHours(Number(1)),
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) => TimeSpan.FromSeconds(seconds),
            _ => TimeSpan.Parse(value, CultureInfo.InvariantCulture),
        };
    }
}
