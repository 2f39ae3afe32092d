namespace KefuHub.LoadTests.Framework;

/// <summary>What one iteration of a scenario sees, as NBomber's <c>IScenarioContext</c>.</summary>
public sealed class ScenarioContext
{
    internal ScenarioContext(string scenarioName, long invocationNumber, StatsCollector stats, CancellationToken cancellationToken)
    {
        ScenarioName = scenarioName;
        InvocationNumber = invocationNumber;
        Stats = stats;
        CancellationToken = cancellationToken;
    }

    public string ScenarioName { get; }

    /// <summary>0, 1, 2, ... across the whole scenario: use it to pick a visitor, a session, a name.</summary>
    public long InvocationNumber { get; }

    public StatsCollector Stats { get; }

    /// <summary>Cancelled when the run is stopped (Ctrl+C) or its drain time is over.</summary>
    public CancellationToken CancellationToken { get; }
}
