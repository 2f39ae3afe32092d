using KefuHub.LoadTests.Scenarios;

namespace KefuHub.LoadTests.Running;

/// <summary>The scenarios the CLI knows, by name. Add a file in Scenarios/ and a line here.</summary>
internal static class ScenarioCatalog
{
    public const string Baseline = "baseline";

    public static IReadOnlyList<ScenarioSuite> All { get; } =
    [
        ScenarioSuite.Of(new BurstScenario()),
        ScenarioSuite.Of(new ChatScenario()),
        ScenarioSuite.Of(new IdleScenario()),
        ScenarioSuite.Of(new ChurnScenario()),
        ScenarioSuite.Of(new SoakScenario()),
        new(
            "scale-out",
            "burst, then chat, with every agent on one hub node and its visitors on another: at least 2 nodes (--nodes, default 2, over a Redis and a PostgreSQL the run starts; or 2+ --url); the options mean what they mean for burst and chat",
            MinimumNodes: 2,
            [new BurstScenario(), new ChatScenario()]),
    ];

    public static ScenarioSuite? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
