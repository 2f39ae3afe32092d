using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Framework;

namespace KefuHub.LoadTests.Scenarios;

/// <summary>A scenario the CLI can run by name. Copy one of the files beside this one to make another.</summary>
internal interface ILoadScenario
{
    string Name { get; }

    /// <summary>One line for <c>--help</c>: what it does and what the options mean for it.</summary>
    string Description { get; }

    ScenarioDefinition Build(HubTarget? target, ScenarioSettings settings);
}
