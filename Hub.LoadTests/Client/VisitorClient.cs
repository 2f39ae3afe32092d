using KefuHub.LoadTests.Wire;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.LoadTests.Client;

/// <summary>One visitor: its REST identity and its connection to <c>/hubs/visitor</c>.</summary>
internal sealed class VisitorClient : IAsyncDisposable
{
    private static readonly TimeSpan LeaveTimeout = TimeSpan.FromSeconds(5);

    private readonly TaskCompletionSource<QueuePositionEvent> _firstPosition = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SessionStateEvent> _served = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SessionStateEvent> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _endCalled;

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

    /// <summary>The session of the last <see cref="StartSessionAsync"/>, if it opened one.</summary>
    public string? SessionId { get; private set; }

    /// <summary>The first <c>queuePosition</c> push.</summary>
    public Task<QueuePositionEvent> FirstQueuePosition => _firstPosition.Task;

    /// <summary>The <c>sessionState Processing</c> push of a waiting session that an agent took.</summary>
    public Task<SessionStateEvent> Served => _served.Task;

    /// <summary>The <c>sessionState Terminal|Abort</c> push: the session ended.</summary>
    public Task<SessionStateEvent> Ended => _ended.Task;

    public async Task<StartSessionResult> StartSessionAsync(string? text, CancellationToken cancellationToken)
    {
        var answer = await Connection.InvokeAsync<StartSessionResult>("StartSession", new StartSessionRequest { Text = text }, cancellationToken);
        SessionId = answer.ServiceSessionId;
        return answer;
    }

    public Task<SendMessageResult> SendAsync(string clientMessageId, string text, CancellationToken cancellationToken) =>
        Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest { ServiceSessionId = SessionId!, ClientMessageId = clientMessageId, Type = "txt", Text = text }, cancellationToken);

    public async Task EndSessionAsync(CancellationToken cancellationToken)
    {
        await Connection.InvokeAsync("EndSession", new SessionRequest { ServiceSessionId = SessionId! }, cancellationToken);
        _endCalled = true;
    }

    public Task<LeaveMessageResult> LeaveMessageAsync(string content, CancellationToken cancellationToken) =>
        Connection.InvokeAsync<LeaveMessageResult>("LeaveMessage", new LeaveMessageRequest { Content = content }, cancellationToken);

    /// <summary>
    /// Leaves as a visitor closing the chat would: a session still open is ended first, so a run
    /// never leaves sessions behind in a hub it shares (they would wait out the grace period and be
    /// routed to the agents of the next run).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (SessionId is not null && !_endCalled && !_ended.Task.IsCompleted && Connection.State == HubConnectionState.Connected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(LeaveTimeout);
                await EndSessionAsync(timeout.Token);
            }
#pragma warning disable CA1031 // best effort: a session the hub already closed, or a broken connection
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        await Connection.DisposeAsync();
    }
}
