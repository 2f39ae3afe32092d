using KefuHub.LoadTests.Scenarios;

namespace KefuHub.LoadTests.Running;

/// <summary>What one CLI sub-command runs: a scenario, or several one after another on the same hub
/// deployment (<c>scale-out</c> is burst then chat across nodes).</summary>
/// <param name="MinimumNodes">Hub nodes the suite needs: embedded runs start at least these, and given URLs must be as many.</param>
internal sealed record ScenarioSuite(string Name, string Description, int MinimumNodes, IReadOnlyList<ILoadScenario> Parts)
{
    public static ScenarioSuite Of(ILoadScenario scenario) => new(scenario.Name, scenario.Description, 1, [scenario]);
}
