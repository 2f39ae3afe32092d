namespace KefuHub.LoadTests.Framework;

/// <summary>A scenario as NBomber builds one: the iteration, its load simulations, set-up and clean-up,
/// plus what NBomber lacks and the hub needs: invariant checks read back from the hub afterwards.</summary>
public sealed class ScenarioDefinition
{
    internal ScenarioDefinition(string name, Func<ScenarioContext, Task<Response>> run)
    {
        Name = name;
        Label = name;
        Run = run;
    }

    public string Name { get; }

    /// <summary>The name with the run's variant, e.g. <c>chat [messagepack, postgres]</c>.</summary>
    public string Label { get; private set; }

    internal Func<ScenarioContext, Task<Response>> Run { get; }

    internal Func<ScenarioContext, Task>? Init { get; private set; }

    internal Func<ScenarioContext, Task>? Clean { get; private set; }

    internal Func<ScenarioContext, Task>? Monitor { get; private set; }

    internal Func<CancellationToken, Task<IReadOnlyList<InvariantResult>>>? Invariants { get; private set; }

    internal IReadOnlyList<LoadSimulation> Simulations { get; private set; } = [];

    internal TimeSpan DrainTimeout { get; private set; } = TimeSpan.FromSeconds(30);

    internal TimeSpan WarmUp { get; private set; }

    /// <summary>The step that the report compares with the echo baselines.</summary>
    public string? PrimaryStep { get; private set; }

    public ScenarioDefinition WithLabel(string label)
    {
        Label = label;
        return this;
    }

    /// <summary>Runs before the load starts (connect agents, open sessions); its steps are recorded too.</summary>
    public ScenarioDefinition WithInit(Func<ScenarioContext, Task> init)
    {
        Init = init;
        return this;
    }

    /// <summary>Runs after the load and its drain, before the invariants (close sessions, disconnect).</summary>
    public ScenarioDefinition WithClean(Func<ScenarioContext, Task> clean)
    {
        Clean = clean;
        return this;
    }

    /// <summary>Called about once a second while the load runs: sample gauges, check live limits.</summary>
    public ScenarioDefinition WithMonitor(Func<ScenarioContext, Task> monitor)
    {
        Monitor = monitor;
        return this;
    }

    public ScenarioDefinition WithInvariants(Func<CancellationToken, Task<IReadOnlyList<InvariantResult>>> invariants)
    {
        Invariants = invariants;
        return this;
    }

    public ScenarioDefinition WithLoadSimulations(params LoadSimulation[] simulations)
    {
        Simulations = simulations;
        return this;
    }

    /// <summary>
    /// As NBomber's <c>WithWarmUpDuration</c>: the first load simulation runs this long before the
    /// measured load, and the steps it records are left out of the results.
    /// </summary>
    public ScenarioDefinition WithWarmUpDuration(TimeSpan duration)
    {
        WarmUp = duration;
        return this;
    }

    /// <summary>How long iterations still running when the load ends may take; then they are cancelled.</summary>
    public ScenarioDefinition WithDrainTimeout(TimeSpan timeout)
    {
        DrainTimeout = timeout;
        return this;
    }

    public ScenarioDefinition WithPrimaryStep(string step)
    {
        PrimaryStep = step;
        return this;
    }
}
