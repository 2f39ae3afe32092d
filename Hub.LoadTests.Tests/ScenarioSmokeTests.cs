using System.Globalization;
using KefuHub.LoadTests.Client;

namespace KefuHub.LoadTests.Tests;

/// <summary>
/// A short, bounded run of every scenario through the real command line, against real hubs on
/// loopback (one shared by --url; one started by the run itself; one on PostgreSQL), so the scenarios
/// cannot rot: the run must exit 0 (every invariant passed), and write its three reports with the
/// scenario's steps in them. Tiny counts and seconds; the long runs are in docs/performance.md.
/// </summary>
public sealed class ScenarioSmokeTests(SharedHub hub) : IClassFixture<SharedHub>, IDisposable
{
    private readonly string _reports = Path.Combine(Path.GetTempPath(), "kefu-load-smoke-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Chat_StartsItsOwnHub_WithBaselines_PassesAndReports()
    {
        var report = await RunAsync("chat", ["--visitors", "4", "--agents", "2", "--capacity", "2", "--rate", "10", "--duration", "2s", "--warm-up", "1s"], targetShared: false);
        Assert.Contains("| ws-echo |", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("| signalr-echo [json] |", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("## Against the baselines of this run", report.Markdown, StringComparison.Ordinal);
        AssertStepRan(report, "chat [json, sqlite]", "round-trip", atLeast: 10);
        Assert.Contains("| server CPU per round-trip |", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("<svg", report.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", report.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_OverBothProtocols_AgainstAGivenUrl()
    {
        var report = await RunAsync("chat", ["--visitors", "3", "--agents", "1", "--capacity", "3", "--rate", "10", "--duration", "2s", "--protocol", "json,messagepack", "--no-baselines"]);
        AssertStepRan(report, "chat [json, target]", "round-trip", atLeast: 10);
        AssertStepRan(report, "chat [messagepack, target]", "round-trip", atLeast: 10);
        Assert.Contains("no lost acknowledged message | passed", report.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Burst_AssignsEveryVisitor_AndDrains()
    {
        // 30 visitors onto 2 × 10 seats, after a warm-up that must leave every seat free: 10 wait until sessions held for 1 s are closed.
        var report = await RunAsync("burst", ["--visitors", "30", "--agents", "2", "--capacity", "10", "--rate", "30", "--duration", "1s", "--warm-up", "1s", "--no-baselines"]);
        AssertStepRan(report, "burst [json, target]", "time-to-assignment", atLeast: 30);
        AssertStepRan(report, "burst [json, target]", "time-to-queue-position", atLeast: 1);
        Assert.Contains("drain time", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("no capacity exceeded | passed", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("no double assignment | passed", report.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Idle_HoldsConnections_AndReportsMemoryPerConnection()
    {
        var report = await RunAsync("idle", ["--visitors", "100", "--rate", "100", "--duration", "1s", "--no-baselines", "--source-addresses", "2"]);
        AssertStepRan(report, "idle [json, target]", "connect", atLeast: 100);
        Assert.Contains("every connection held | passed", report.Markdown, StringComparison.Ordinal);
        Assert.Contains("server memory per connection (VmRSS)", report.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Churn_ReturnsToBaseline()
    {
        var report = await RunAsync("churn", ["--visitors", "3", "--agents", "1", "--capacity", "3", "--duration", "2s", "--no-baselines"]);
        AssertStepRan(report, "churn [json, target]", "end-session", atLeast: 3);
        Assert.Contains("state back to baseline | passed", report.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Soak_MixesVisitors_OverTime()
    {
        var report = await RunAsync("soak", ["--rate", "4", "--duration", "2s", "--agents", "2", "--capacity", "2", "--no-baselines"]);
        AssertStepRan(report, "soak [json, target]", "round-trip", atLeast: 6);
        Assert.Contains("server memory over time", report.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_OnPostgres_StartsAndStopsItsOwnDatabase()
    {
        var report = await RunAsync("chat", ["--visitors", "2", "--agents", "1", "--capacity", "2", "--rate", "5", "--duration", "2s", "--store", "postgres", "--no-baselines"], targetShared: false);
        AssertStepRan(report, "chat [json, postgres]", "round-trip", atLeast: 5);
    }

    [Fact]
    public async Task ScaleOut_RunsBurstThenChat_AcrossTwoNodesOverRedis()
    {
        // Agents on node 1, their visitors on node 2: every push crosses the Redis backplane.
        var report = await RunAsync("scale-out", ["--visitors", "6", "--agents", "2", "--capacity", "3", "--rate", "10", "--duration", "2s", "--no-baselines"], targetShared: false);
        AssertStepRan(report, "scale-out/burst [json, postgres, 2 nodes]", "time-to-assignment", atLeast: 6);
        AssertStepRan(report, "scale-out/chat [json, postgres, 2 nodes]", "round-trip", atLeast: 10);
        Assert.Contains("no lost acknowledged message | passed", report.Markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Churn_OnTwoNodes_LeavesRedisAsItFoundIt()
    {
        var report = await RunAsync("churn", ["--visitors", "3", "--agents", "1", "--capacity", "3", "--duration", "2s", "--nodes", "2", "--no-baselines"], targetShared: false);
        AssertStepRan(report, "churn [json, postgres, 2 nodes]", "end-session", atLeast: 3);
        Assert.Contains("Redis keys and subscriptions back to baseline | passed", report.Markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scale-out", "--nodes", "1")]
    [InlineData("chat", "--nodes", "2", "--store", "sqlite")]
    [InlineData("chat", "--nodes", "0")]
    [InlineData("scale-out", "--url", "http://127.0.0.1:9", "--client-id", "a", "--secret-id", "b")]
    public async Task ImpossibleDeployments_AreRefusedBeforeAnythingStarts(params string[] args)
    {
        Assert.Equal(2, await LoadTestCli.RunAsync([.. args, "--report-dir", _reports]).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.False(Directory.Exists(_reports) && Directory.EnumerateFileSystemEntries(_reports).Any(), "a refused run wrote a report");
    }

    public void Dispose()
    {
        if (Directory.Exists(_reports))
        {
            Directory.Delete(_reports, recursive: true);
        }
    }

    private async Task<SmokeReport> RunAsync(string scenario, string[] options, bool targetShared = true)
    {
        string[] args = [scenario, .. options, "--report-dir", _reports];
        if (targetShared)
        {
            args = [.. args, "--url", hub.Url.ToString(), "--client-id", hub.Credentials.ClientId, "--secret-id", hub.Credentials.SecretId, "--server-pid", $"{hub.ProcessId}"];
        }

        var exitCode = await LoadTestCli.RunAsync(args).WaitAsync(TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
        var directory = Assert.Single(Directory.GetDirectories(_reports, scenario + "-*"));
        var report = new SmokeReport(
            await File.ReadAllTextAsync(Path.Combine(directory, "report.md"), TestContext.Current.CancellationToken),
            await File.ReadAllLinesAsync(Path.Combine(directory, "report.csv"), TestContext.Current.CancellationToken),
            await File.ReadAllTextAsync(Path.Combine(directory, "report.html"), TestContext.Current.CancellationToken));
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{report.Markdown}");
        Assert.StartsWith("# KefuHub load test: passed", report.Markdown, StringComparison.Ordinal);
        if (targetShared)
        {
            await AssertLeftAsFoundAsync();
        }

        return report;
    }

    /// <summary>A run against a hub it shares leaves nothing that routing would hand to the next run:
    /// no session waiting, no agent of its own still taking sessions.</summary>
    private async Task AssertLeftAsFoundAsync()
    {
        using var http = new HttpClient { BaseAddress = hub.Url };
        var rest = new KefuRestClient([http], hub.Credentials.TenantId);
        var ct = TestContext.Current.CancellationToken;
        await rest.SignInAsync(hub.Credentials.ClientId, hub.Credentials.SecretId, ct);
        var waiting = await rest.GetWaitingsAsync(ct);
        Assert.True(waiting.Count == 0, $"{waiting.Count} sessions left waiting");
        var routable = (await rest.GetOnlineAgentsAsync(ct)).Where(a => a.State != "Offline").Select(a => $"{a.Username} {a.State}").ToList();
        Assert.True(routable.Count == 0, $"agents left taking sessions: {string.Join(", ", routable)}");
    }

    private static void AssertStepRan(SmokeReport report, string scenario, string step, long atLeast)
    {
        var row = report.Csv.Skip(1).Select(l => l.Split(',')).FirstOrDefault(c => c.Length > 4 && Unquote(c, out var name, out var rest) && name == scenario && rest[0] == step);
        Assert.True(row is not null, $"no CSV row for {scenario} / {step}:\n{string.Join('\n', report.Csv)}");
        Unquote(row, out _, out var cells);
        var ok = long.Parse(cells[2], CultureInfo.InvariantCulture);
        var fail = long.Parse(cells[3], CultureInfo.InvariantCulture);
        Assert.True(ok >= atLeast && fail == 0, $"{scenario} / {step}: {ok} ok, {fail} failed; expected at least {atLeast} ok");
    }

    /// <summary>The scenario label is quoted (it has a comma); the rest of the row follows it.</summary>
    private static bool Unquote(string[] cells, out string name, out string[] rest)
    {
        var line = string.Join(',', cells);
        if (line.StartsWith('"'))
        {
            var end = line.IndexOf('"', 1);
            name = line[1..end];
            rest = line[(end + 2)..].Split(',');
        }
        else
        {
            name = cells[0];
            rest = cells[1..];
        }

        return true;
    }

    private sealed record SmokeReport(string Markdown, string[] Csv, string Html);
}
