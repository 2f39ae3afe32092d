using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Server.Hubs;

/// <summary>A visitor's connection with recorders for every event the visitor hub pushes.</summary>
public sealed class VisitorClient(TestVisitor visitor, HubConnection connection)
{
    public TestVisitor Visitor { get; } = visitor;

    public HubConnection Connection { get; } = connection;

    public HubEvents<QueuePositionEvent> Positions { get; } = new(connection, ClientEvents.QueuePosition);

    public HubEvents<SessionStateEvent> States { get; } = new(connection, ClientEvents.SessionState);

    public HubEvents<MessageEvent> Messages { get; } = new(connection, ClientEvents.Message);

    public HubEvents<TypingEvent> Typing { get; } = new(connection, ClientEvents.Typing);

    public HubEvents<RatingRequestedEvent> RatingRequests { get; } = new(connection, ClientEvents.RatingRequested);

    public Task<StartSessionResult> StartAsync(StartSessionRequest? request = null) =>
        Connection.InvokeAsync<StartSessionResult>("StartSession", request ?? new StartSessionRequest(), TestContext.Current.CancellationToken);
}
