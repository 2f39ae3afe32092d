using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Infrastructure;

/// <summary>Records one kind of pushed event on a connection, to await the next one that matches.</summary>
public sealed class HubEvents<T>
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
    private readonly Channel<T> _received = Channel.CreateUnbounded<T>();
    private readonly List<T> _all = [];

    public HubEvents(HubConnection connection, string eventName) =>
        connection.On<T>(eventName, e =>
        {
            lock (_all)
            {
                _all.Add(e);
            }

            _received.Writer.TryWrite(e);
        });

    /// <summary>Everything received so far.</summary>
    public IReadOnlyList<T> All
    {
        get
        {
            lock (_all)
            {
                return _all.ToList();
            }
        }
    }

    /// <summary>The next event (skipping those that do not match) or a timeout failure.</summary>
    public async Task<T> NextAsync(Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(timeout ?? DefaultTimeout);
        try
        {
            while (true)
            {
                var next = await _received.Reader.ReadAsync(cts.Token);
                if (match is null || match(next))
                {
                    return next;
                }
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No matching {typeof(T).Name} arrived within {timeout ?? DefaultTimeout}.");
        }
    }

    /// <summary>True when nothing matching arrives within <paramref name="quiet"/>.</summary>
    public async Task<bool> NoneAsync(Func<T, bool> match, TimeSpan quiet)
    {
        try
        {
            await NextAsync(match, quiet);
            return false;
        }
        catch (TimeoutException)
        {
            return true;
        }
    }
}
