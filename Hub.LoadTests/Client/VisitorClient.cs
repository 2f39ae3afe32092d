using KefuHub.LoadTests.Wire;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.LoadTests.Client;

/// <summary>One visitor: its REST identity and its connection to <c>/hubs/visitor</c>.</summary>
internal sealed class VisitorClient : IAsyncDisposable
{
    private readonly TaskCompletionSource<QueuePositionEvent> _firstPosition = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SessionStateEvent> _served = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SessionStateEvent> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public VisitorClient(string visitorId, string token, HubConnection connection)
    {
        VisitorId = visitorId;
        Token = token;
        Connection = connection;
        connection.On<MessageEvent>("message", Messages.Received);
        connection.On<QueuePositionEvent>("queuePosition", p => _firstPosition.TrySetResult(p));
        connection.On<SessionStateEvent>("sessionState", s =>
        {
            if (s.State == "Processing")
            {
                _served.TrySetResult(s);
            }
            else if (s.State is "Terminal" or "Abort")
            {
                _ended.TrySetResult(s);
            }
        });
    }

    public string VisitorId { get; }

    public string Token { get; }

    public HubConnection Connection { get; }

    public TextWaiters Messages { get; } = new();

    public string? SessionId { get; set; }

    /// <summary>The first <c>queuePosition</c> push.</summary>
    public Task<QueuePositionEvent> FirstQueuePosition => _firstPosition.Task;

    /// <summary>The <c>sessionState Processing</c> push of a waiting session that an agent took.</summary>
    public Task<SessionStateEvent> Served => _served.Task;

    /// <summary>The <c>sessionState Terminal|Abort</c> push: the session ended.</summary>
    public Task<SessionStateEvent> Ended => _ended.Task;

    public Task<StartSessionResult> StartSessionAsync(string? text, CancellationToken cancellationToken) =>
        Connection.InvokeAsync<StartSessionResult>("StartSession", new StartSessionRequest { Text = text }, cancellationToken);

    public Task<SendMessageResult> SendAsync(string clientMessageId, string text, CancellationToken cancellationToken) =>
        Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest { ServiceSessionId = SessionId!, ClientMessageId = clientMessageId, Type = "txt", Text = text }, cancellationToken);

    public Task EndSessionAsync(CancellationToken cancellationToken) =>
        Connection.InvokeAsync("EndSession", new SessionRequest { ServiceSessionId = SessionId! }, cancellationToken);

    public Task<LeaveMessageResult> LeaveMessageAsync(string content, CancellationToken cancellationToken) =>
        Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest { Content = content }, cancellationToken);

    public ValueTask DisposeAsync() => Connection.DisposeAsync();
}
