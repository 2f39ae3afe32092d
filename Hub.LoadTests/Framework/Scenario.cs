namespace KefuHub.LoadTests.Framework;

/// <summary>Entry point of the scenario builder, as NBomber's <c>Scenario.Create</c>.</summary>
public static class Scenario
{
    public static ScenarioDefinition Create(string name, Func<ScenarioContext, Task<Response>> run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(run);
        return new ScenarioDefinition(name, run);
    }
}
