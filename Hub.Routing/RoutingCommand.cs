using System.Text.Json.Serialization;

namespace KefuHub.Routing;

/// <summary>
/// One change to a tenant's routing state. Commands are plain data stamped with the time they were
/// issued: applying the same commands in the same order to the same state gives the same state and
/// decisions on any node, which is what lets a shared store replay them.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(StartSession), nameof(StartSession))]
[JsonDerivedType(typeof(AssignDirect), nameof(AssignDirect))]
[JsonDerivedType(typeof(RestoreSession), nameof(RestoreSession))]
[JsonDerivedType(typeof(Pick), nameof(Pick))]
[JsonDerivedType(typeof(TransferToAgent), nameof(TransferToAgent))]
[JsonDerivedType(typeof(TransferToQueue), nameof(TransferToQueue))]
[JsonDerivedType(typeof(EndSession), nameof(EndSession))]
[JsonDerivedType(typeof(UpsertAgent), nameof(UpsertAgent))]
[JsonDerivedType(typeof(RemoveAgent), nameof(RemoveAgent))]
[JsonDerivedType(typeof(SetAgentState), nameof(SetAgentState))]
[JsonDerivedType(typeof(AgentConnected), nameof(AgentConnected))]
[JsonDerivedType(typeof(AgentDisconnected), nameof(AgentDisconnected))]
[JsonDerivedType(typeof(VisitorConnected), nameof(VisitorConnected))]
[JsonDerivedType(typeof(VisitorDisconnected), nameof(VisitorDisconnected))]
[JsonDerivedType(typeof(SetQueue), nameof(SetQueue))]
[JsonDerivedType(typeof(RemoveQueue), nameof(RemoveQueue))]
[JsonDerivedType(typeof(ConfigureTenant), nameof(ConfigureTenant))]
[JsonDerivedType(typeof(FireDueDeadlines), nameof(FireDueDeadlines))]
public abstract record RoutingCommand(DateTimeOffset Timestamp)
{
    /// <summary>A visitor asks for service (rules 1, 2 and 5).</summary>
    public sealed record StartSession(DateTimeOffset Timestamp, string SessionId, string VisitorId, int? QueueId, string? SpecifiedAgentId)
        : RoutingCommand(Timestamp);

    /// <summary>Open a session straight onto an agent that is not Offline, capacity not checked (WeChat's kfsession/create).</summary>
    public sealed record AssignDirect(DateTimeOffset Timestamp, string SessionId, string VisitorId, string AgentId, int? QueueId)
        : RoutingCommand(Timestamp);

    /// <summary>
    /// Brings back a session that was open when routing state was lost (an in-process store restarting):
    /// it waits again in its queue's line, or goes to an eligible agent, whatever the hours. Arrival order is
    /// the order of restores, so restore oldest first and before any new session.
    /// </summary>
    public sealed record RestoreSession(DateTimeOffset Timestamp, string SessionId, string VisitorId, int? QueueId, DateTimeOffset CreatedAt)
        : RoutingCommand(Timestamp);

    /// <summary>An agent takes a waiting session it may serve, capacity checked.</summary>
    public sealed record Pick(DateTimeOffset Timestamp, string AgentId, string SessionId) : RoutingCommand(Timestamp);

    public sealed record TransferToAgent(DateTimeOffset Timestamp, RoutingActor Actor, string SessionId, string ToAgentId)
        : RoutingCommand(Timestamp);

    public sealed record TransferToQueue(DateTimeOffset Timestamp, RoutingActor Actor, string SessionId, int ToQueueId)
        : RoutingCommand(Timestamp);

    /// <summary>Close a session: Processing becomes Terminal, Wait becomes Abort.</summary>
    public sealed record EndSession(DateTimeOffset Timestamp, RoutingActor Actor, string SessionId) : RoutingCommand(Timestamp);

    /// <summary>Create or update an agent's profile; a new agent starts Offline in no queue.</summary>
    public sealed record UpsertAgent(DateTimeOffset Timestamp, string AgentId, bool Enabled, int MaxServiceSessionCount)
        : RoutingCommand(Timestamp);

    public sealed record RemoveAgent(DateTimeOffset Timestamp, string AgentId) : RoutingCommand(Timestamp);

    public sealed record SetAgentState(DateTimeOffset Timestamp, string AgentId, AgentState State) : RoutingCommand(Timestamp);

    public sealed record AgentConnected(DateTimeOffset Timestamp, string AgentId, string ConnectionId) : RoutingCommand(Timestamp);

    public sealed record AgentDisconnected(DateTimeOffset Timestamp, string AgentId, string ConnectionId) : RoutingCommand(Timestamp);

    public sealed record VisitorConnected(DateTimeOffset Timestamp, string VisitorId, string ConnectionId) : RoutingCommand(Timestamp);

    public sealed record VisitorDisconnected(DateTimeOffset Timestamp, string VisitorId, string ConnectionId) : RoutingCommand(Timestamp);

    /// <summary>Create a skill queue or replace its members.</summary>
    public sealed record SetQueue(DateTimeOffset Timestamp, int QueueId, IReadOnlyList<string> AgentIds) : RoutingCommand(Timestamp);

    /// <summary>Delete a skill queue; its waiting sessions move to the default queue, or to any agent.</summary>
    public sealed record RemoveQueue(DateTimeOffset Timestamp, int QueueId) : RoutingCommand(Timestamp);

    public sealed record ConfigureTenant(DateTimeOffset Timestamp, TenantRoutingSettings Settings) : RoutingCommand(Timestamp);

    /// <summary>Run every grace or timeout deadline due at <see cref="RoutingCommand.Timestamp"/>.</summary>
    public sealed record FireDueDeadlines(DateTimeOffset Timestamp) : RoutingCommand(Timestamp);
}
