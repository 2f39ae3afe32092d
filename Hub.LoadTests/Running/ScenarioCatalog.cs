using KefuHub.LoadTests.Scenarios;

namespace KefuHub.LoadTests.Running;

/// <summary>The scenarios the CLI knows, by name. Add a file in Scenarios/ and a line here.</summary>
internal static class ScenarioCatalog
{
    public const string Baseline = "baseline";

    public static IReadOnlyList<ILoadScenario> All { get; } =
    [
        new BurstScenario(),
        new ChatScenario(),
        new IdleScenario(),
        new ChurnScenario(),
        new SoakScenario(),
    ];

    public static ILoadScenario? Find(string name) => All.FirstOrDefault(s => s.Name == name);
}
