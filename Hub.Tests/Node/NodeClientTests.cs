using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using KefuHub.Tests.Infrastructure;

namespace KefuHub.Tests.Node;

/// <summary>
/// The real hub driven by the official JS client (<c>@microsoft/signalr</c> on Node): a whole
/// conversation in <c>Hub.Tests/Node/conversation.mjs</c>. Needs <c>node</c> on PATH and
/// <c>npm ci</c> run in <c>Hub.Tests/Node</c> (.ci/test.sh does); without them the test fails, it never skips.
/// </summary>
public sealed class NodeClientTests(RedisServer redis, PostgresServer postgres)
{
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("json")]
    [InlineData("messagepack")]
    public async Task OfficialJsClient_FullConversation_OverNegotiateAndWebSockets(string protocol)
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = NodeDirectory();
        Assert.True(
            File.Exists(Path.Combine(directory, "node_modules", "@microsoft", "signalr", "package.json")),
            $"{Path.Combine(directory, "node_modules")} has no @microsoft/signalr: run `npm ci` in {directory} first (.ci/test.sh does).");

        var server = KefuTestServer.Start();
        try
        {
            var agent = await server.CreateAgentAsync("node-agent@test", cancellationToken: ct);

            var run = await RunNodeAsync(directory, ["conversation.mjs", server.Address.ToString(), agent.Username, "password-" + agent.Username, "1", protocol], ct);

            Assert.True(run.ExitCode == 0, $"conversation.mjs exited with {run.ExitCode}.\nstdout:\n{run.Output}\nstderr:\n{run.Error}");
            var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.True(lines.Length == 1, $"Expected one summary line on stdout, got:\n{run.Output}\nstderr:\n{run.Error}");
            TestContext.Current.TestOutputHelper?.WriteLine(lines[0]);
            using var summary = JsonDocument.Parse(lines[0]);
            var root = summary.RootElement;
            Assert.True(root.GetProperty("ok").GetBoolean());
            Assert.Equal(protocol, root.GetProperty("protocol").GetString());
            Assert.False(string.IsNullOrEmpty(root.GetProperty("serviceSessionId").GetString()));
            Assert.True(root.GetProperty("messages").GetInt32() >= 4, lines[0]);
        }
        finally
        {
            await server.DisposeAndDeleteAsync();
        }
    }

    [Fact]
    public async Task OfficialJsClient_VisitorOnOneNodeAgentOnAnother_OverRedis()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = await postgres.CreateDatabaseAsync(ct),
            ["ConnectionStrings:Redis"] = await redis.GetConfigurationAsync(ct),
            ["Redis:KeyPrefix"] = redis.NewPrefix(),
        };
        var a = KefuTestServer.Start(settings);
        var b = KefuTestServer.Start(settings);
        try
        {
            var agent = await b.CreateAgentAsync("node-agent@test", cancellationToken: ct);

            await AssertConversationAcrossNodesAsync(a.Address, b.Address, agent.Username, "messagepack", () => "", ct);
        }
        finally
        {
            await a.DisposeAndDeleteAsync();
            await b.DisposeAndDeleteAsync();
        }
    }

    [Fact]
    public async Task OfficialJsClient_VisitorOnOneProcessAgentOnAnother_OverRedis()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = await HubProcessSettings.SharedAsync(redis, postgres, ct);
        await using var a = await HubProcess.StartAsync(settings, ct);
        await using var b = await HubProcess.StartAsync(settings, ct);
        var agent = await b.CreateAgentAsync(await b.ApiTokenAsync(ct), "node-agent@test", maxServiceSessionCount: 2, ct);

        await AssertConversationAcrossNodesAsync(a.Address, b.Address, agent.Username, "json", () => $"\nnode A:\n{a.Output()}\nnode B:\n{b.Output()}", ct);
    }

    /// <summary>conversation.mjs with the visitor on one node and the agent on another; <paramref name="nodesOutput"/> explains a failure.</summary>
    private static async Task AssertConversationAcrossNodesAsync(Uri visitorNode, Uri agentNode, string agentUsername, string protocol, Func<string> nodesOutput, CancellationToken cancellationToken)
    {
        var run = await RunNodeAsync(
            NodeDirectory(),
            ["conversation.mjs", visitorNode.ToString(), agentUsername, "password-" + agentUsername, "1", protocol],
            cancellationToken,
            new Dictionary<string, string> { ["KEFU_AGENT_URL"] = agentNode.ToString() });

        Assert.True(run.ExitCode == 0, $"conversation.mjs exited with {run.ExitCode}.\nstdout:\n{run.Output}\nstderr:\n{run.Error}{nodesOutput()}");
        using var summary = JsonDocument.Parse(run.Output.Trim());
        Assert.True(summary.RootElement.GetProperty("ok").GetBoolean());
        Assert.True(summary.RootElement.GetProperty("messages").GetInt32() >= 4, run.Output);
    }

    /// <summary>Runs <c>node</c> in <paramref name="directory"/>; kills the process tree after <see cref="ScriptTimeout"/>.</summary>
    private static async Task<NodeRun> RunNodeAsync(string directory, string[] arguments, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("Process.Start returned null for `node`.");
        }
        catch (Win32Exception ex)
        {
            Assert.Fail($"`node` could not be started ({ex.Message}): install Node.js 20+ and put it on PATH.");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ScriptTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
                Assert.Fail($"conversation.mjs did not finish within {ScriptTimeout.TotalSeconds:0} s and was killed.\nstdout:\n{await output}\nstderr:\n{await error}");
            }

            return new NodeRun(process.ExitCode, await output, await error);
        }
    }

    /// <summary><c>Hub.Tests/Node</c> of the checkout this test was built from.</summary>
    private static string NodeDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "KefuHub.sln")))
            {
                return Path.Combine(dir.FullName, "Hub.Tests", "Node");
            }
        }

        Assert.Fail($"No KefuHub.sln above {AppContext.BaseDirectory}: cannot find Hub.Tests/Node.");
        return string.Empty;
    }
}
