namespace KefuHub.Server.Hubs.Contracts;

/// <summary>The tenant's settings an agent's workspace acts on.</summary>
/// <param name="SummaryRequired">Closing a session needs at least one summary.</param>
public sealed record WorkspaceSettings(bool SummaryRequired);
