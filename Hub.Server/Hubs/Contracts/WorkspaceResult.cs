namespace KefuHub.Server.Hubs.Contracts;

public sealed record WorkspaceResult(AgentProfile Agent, string State, IReadOnlyList<SessionView> Sessions, WaitingView Waiting, WorkspaceSettings Settings);
