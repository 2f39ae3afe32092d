using System.IO.Pipelines;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace KefuHub.Client;

/// <summary>A WebSocket pumped into a pair of pipes, seen by <c>HubConnection</c> as its transport.</summary>
internal sealed class WebSocketConnection : ConnectionContext
{
    private readonly WebSocket _socket;
    private readonly WebSocketMessageType _messageType;
    private readonly Pipe _incoming = new();
    private readonly Pipe _outgoing = new();
    private readonly CancellationTokenSource _aborted = new();
    private readonly Task _receiving;
    private readonly Task _sending;

    public WebSocketConnection(WebSocket socket, WebSocketMessageType messageType)
    {
        _socket = socket;
        _messageType = messageType;
        Transport = new DuplexPipe(_incoming.Reader, _outgoing.Writer);
        _receiving = ReceiveAsync();
        _sending = SendAsync();
    }

    public override string ConnectionId { get; set; } = Guid.NewGuid().ToString("N");

    public override IFeatureCollection Features { get; } = new FeatureCollection();

    public override IDictionary<object, object?> Items { get; set; } = new Dictionary<object, object?>();

    public override IDuplexPipe Transport { get; set; }

    public override CancellationToken ConnectionClosed => _aborted.Token;

    public override void Abort(ConnectionAbortedException abortReason)
    {
        _aborted.Cancel();
        _socket.Abort();
    }

    public override async ValueTask DisposeAsync()
    {
        // Completing the outgoing writer lets the send loop close the socket gracefully.
        await _outgoing.Writer.CompleteAsync().ConfigureAwait(false);
        await _incoming.Reader.CompleteAsync().ConfigureAwait(false);
        await Task.WhenAll(_sending, _receiving).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _socket.Abort();
        _socket.Dispose();
        _aborted.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private async Task ReceiveAsync()
    {
        Exception? error = null;
        try
        {
            while (true)
            {
                var memory = _incoming.Writer.GetMemory(4096);
                var result = await _socket.ReceiveAsync(memory, _aborted.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                _incoming.Writer.Advance(result.Count);
                var flush = await _incoming.Writer.FlushAsync().ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            error = ex is OperationCanceledException ? null : ex;
        }
        finally
        {
            await _incoming.Writer.CompleteAsync(error).ConfigureAwait(false);
            await _aborted.CancelAsync().ConfigureAwait(false);
        }
    }

    private async Task SendAsync()
    {
        try
        {
            while (true)
            {
                var result = await _outgoing.Reader.ReadAsync().ConfigureAwait(false);
                foreach (var segment in result.Buffer)
                {
                    await _socket.SendAsync(segment, _messageType, endOfMessage: false, _aborted.Token).ConfigureAwait(false);
                }

                if (!result.Buffer.IsEmpty)
                {
                    await _socket.SendAsync(ReadOnlyMemory<byte>.Empty, _messageType, endOfMessage: true, _aborted.Token).ConfigureAwait(false);
                }

                _outgoing.Reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The peer or an abort closed the socket; the receive loop reports it.
        }
        finally
        {
            await _outgoing.Reader.CompleteAsync().ConfigureAwait(false);
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
