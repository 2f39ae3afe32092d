using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>An agent's connection with recorders for every event the agent hub pushes.</summary>
public sealed class AgentClient(TestAgent agent, HubConnection connection)
{
    public TestAgent Agent { get; } = agent;

    public HubConnection Connection { get; } = connection;

    public HubEvents<SessionAssignedEvent> Assigned { get; } = new(connection, ClientEvents.SessionAssigned);

    public HubEvents<MessageEvent> Messages { get; } = new(connection, ClientEvents.Message);

    public HubEvents<TypingEvent> Typing { get; } = new(connection, ClientEvents.Typing);

    public HubEvents<SessionStateEvent> States { get; } = new(connection, ClientEvents.SessionState);

    public HubEvents<QueueChangedEvent> QueueChanges { get; } = new(connection, ClientEvents.QueueChanged);

    public HubEvents<LeaveMessageView> LeaveMessages { get; } = new(connection, ClientEvents.LeaveMessage);
}
