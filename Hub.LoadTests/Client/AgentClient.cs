using System.Collections.Concurrent;
using KefuHub.LoadTests.Wire;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.LoadTests.Client;

/// <summary>One agent: its connection to <c>/hubs/agent</c> and the sessions pushed to it.</summary>
internal sealed class AgentClient : IAsyncDisposable
{
    private static readonly TimeSpan LogoutTimeout = TimeSpan.FromSeconds(5);

    public AgentClient(string username, HubConnection connection)
    {
        Username = username;
        Connection = connection;
        connection.On<SessionAssignedEvent>("sessionAssigned", e =>
        {
            if (e.Session is { } session)
            {
                Sessions[session.ServiceSessionId] = session;
                Assigned?.Invoke(this, session);
            }
        });
        connection.On<SessionStateEvent>("sessionState", e =>
        {
            if (e.State is "Terminal" or "Abort" or "Wait")
            {
                Sessions.TryRemove(e.ServiceSessionId, out _);
            }
        });
        connection.On<MessageEvent>("message", m =>
        {
            Messages.Received(m);
            MessageReceived?.Invoke(this, m);
        });
    }

    public string Username { get; }

    public HubConnection Connection { get; }

    /// <summary>Sessions this agent serves now, as pushed (<c>sessionAssigned</c> in, closes out).</summary>
    public ConcurrentDictionary<string, SessionView> Sessions { get; } = new(StringComparer.Ordinal);

    public TextWaiters Messages { get; } = new();

    /// <summary>Raised on the connection's receive loop: keep handlers short, start work with Task.Run.</summary>
    public event Action<AgentClient, SessionView>? Assigned;

    public event Action<AgentClient, MessageEvent>? MessageReceived;

    public Task SetStateAsync(string state, CancellationToken cancellationToken) =>
        Connection.InvokeAsync("SetState", new SetStateRequest { State = state }, cancellationToken);

    public Task<SendMessageResult> SendAsync(string serviceSessionId, string clientMessageId, string text, CancellationToken cancellationToken) =>
        Connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest { ServiceSessionId = serviceSessionId, ClientMessageId = clientMessageId, Type = "txt", Text = text }, cancellationToken);

    public Task CloseAsync(string serviceSessionId, CancellationToken cancellationToken) =>
        Connection.InvokeAsync("Close", new CloseRequest { ServiceSessionId = serviceSessionId }, cancellationToken);

    /// <summary>
    /// Logs out as an agent would: Offline first, so routing stops at once instead of after the
    /// offline grace period, during which a hub shared with the next run would still give it sessions.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Connection.State == HubConnectionState.Connected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(LogoutTimeout);
                await SetStateAsync("Offline", timeout.Token);
            }
#pragma warning disable CA1031 // best effort: a broken connection goes offline after the grace period anyway
            catch (Exception)
#pragma warning restore CA1031
            {
            }
        }

        await Connection.DisposeAsync();
    }
}
