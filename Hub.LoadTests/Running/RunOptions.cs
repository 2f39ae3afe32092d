using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Scenarios;

namespace KefuHub.LoadTests.Running;

/// <summary>Everything the command line says about one run.</summary>
/// <param name="Urls">Hub base URLs; empty starts an embedded hub per store.</param>
/// <param name="Stores">With an embedded hub: <c>sqlite</c>, <c>postgres</c> or both (one run each); empty: SQLite for one node, PostgreSQL for several.</param>
/// <param name="Protocols">One run of the scenario per protocol.</param>
/// <param name="SourceAddresses">Client sockets bound to 127.0.0.1..N; 0 picks enough for the connections.</param>
/// <param name="Baselines">Measure the echo baselines first, at the scenario's rate.</param>
public sealed record RunOptions(
    IReadOnlyList<Uri> Urls,
    int Tenant,
    string? ClientId,
    string? SecretId,
    IReadOnlyList<HubProtocolKind> Protocols,
    IReadOnlyList<string> Stores,
    string ReportDirectory,
    string? ServerDll,
    int SourceAddresses,
    bool Baselines,
    ScenarioSettings Settings,
    string CommandLine)
{
    /// <summary>With <see cref="Urls"/>: the hub processes on this machine to read memory from (<c>--server-pid</c>).</summary>
    public IReadOnlyList<int> ServerProcessIds { get; init; } = [];

    /// <summary>With an embedded hub: how many nodes (one run per value); empty: as many as the suite needs.</summary>
    public IReadOnlyList<int> Nodes { get; init; } = [];
}
