using System.Threading.Channels;
using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Infrastructure;

/// <summary>
/// One session's messages as a client must show them (docs/hubs.md, "Gaps in seq"): it keeps the highest
/// <c>seq</c> shown, and when a push skips ahead it fetches what it missed with <c>GetMessages</c>. The
/// fetch runs off the receive loop, since a handler that awaits an invocation would block its answer.
/// </summary>
public sealed class GapFillingInbox
{
    private readonly HubConnection _connection;
    private readonly string _sessionId;
    private readonly Channel<MessageEvent> _pushed = Channel.CreateUnbounded<MessageEvent>();
    private readonly SortedDictionary<long, MessageEvent> _shown = [];
    private readonly Channel<long> _progress = Channel.CreateUnbounded<long>();
    private long _last;

    private GapFillingInbox(HubConnection connection, string sessionId)
    {
        _connection = connection;
        _sessionId = sessionId;
        connection.On<MessageEvent>(ClientEvents.Message, m =>
        {
            if (m.ServiceSessionId == sessionId)
            {
                _pushed.Writer.TryWrite(m);
            }
        });
    }

    /// <summary>How many times a push skipped ahead and the gap was fetched.</summary>
    public int GapsFilled { get; private set; }

    /// <summary>What the client shows, in <c>seq</c> order.</summary>
    public IReadOnlyList<MessageEvent> Shown
    {
        get
        {
            lock (_shown)
            {
                return _shown.Values.ToList();
            }
        }
    }

    /// <summary>Listens from now on, after catching up as a client does after it connects.</summary>
    public static async Task<GapFillingInbox> StartAsync(HubConnection connection, string sessionId, CancellationToken cancellationToken)
    {
        var inbox = new GapFillingInbox(connection, sessionId);
        await inbox.FetchAsync(cancellationToken);
        _ = inbox.RunAsync(cancellationToken);
        return inbox;
    }

    /// <summary>Waits until everything up to <paramref name="seq"/> is shown.</summary>
    public async Task WaitForAsync(long seq, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        while (Interlocked.Read(ref _last) < seq)
        {
            await _progress.Reader.ReadAsync(bounded.Token);
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await foreach (var pushed in _pushed.Reader.ReadAllAsync(cancellationToken))
        {
            if (pushed.Seq > _last + 1)
            {
                GapsFilled++;
                await FetchAsync(cancellationToken);
            }

            Show([pushed]);
        }
    }

    private async Task FetchAsync(CancellationToken cancellationToken) =>
        Show(await _connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(_sessionId, _last), cancellationToken));

    private void Show(IReadOnlyList<MessageEvent> messages)
    {
        lock (_shown)
        {
            foreach (var message in messages)
            {
                _shown.TryAdd(message.Seq, message);
            }

            // Only a run without holes counts as shown up to: a push that raced ahead of a fetch waits for it.
            while (_shown.ContainsKey(_last + 1))
            {
                Interlocked.Increment(ref _last);
            }
        }

        _progress.Writer.TryWrite(_last);
    }
}
