namespace KefuHub.Server.Api.AdminConsole;

/// <summary>What the console's live monitor shows: every agent's state and load, every waiting line, the oldest waiting sessions.</summary>
/// <param name="Now">The server's clock, so that the console counts waiting times from the same instant.</param>
public sealed record MonitorView(
    DateTimeOffset Now,
    IReadOnlyList<MonitorAgentView> Agents,
    IReadOnlyList<MonitorQueueView> Queues,
    int WaitingCount,
    IReadOnlyList<MonitorWaitingView> Waiting);
