using System.Globalization;
using StackExchange.Redis;

namespace KefuHub.Server.Redis;

/// <summary>
/// Hears every node's appends to the routing logs (the Route script publishes <c>a:{tenant}:{epoch}:{seq}</c>
/// on <see cref="Channel"/>), and proves that it hears them: pub/sub drops messages silently around a
/// reconnect, so this node trusts its hearing only while its own probes, published on the same channel,
/// come back. <see cref="Generation"/> numbers each unbroken stretch of proven hearing.
/// </summary>
internal sealed class RoutingLogListener : IDisposable
{
    /// <summary>How long a heard probe proves the subscription: the worst staleness of a replica on a silently broken one.</summary>
    public static readonly TimeSpan ProofLifetime = TimeSpan.FromSeconds(2);

    private readonly ISubscriber _subscriber;
    private readonly CancellationTokenSource _disposed = new();
    private ChannelMessageQueue? _messages;
    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _time;
    private readonly Action<int, string, long> _appended;
    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly Lock _gate = new();
    private long _generation;
    private bool _proven;
    private long _provenAt;
    private string? _probe;
    private long _probeSentAt;

    /// <param name="appended">Called with tenant, epoch and seq of every append heard, in the order published.</param>
    public RoutingLogListener(IConnectionMultiplexer redis, string keyPrefix, TimeProvider time, Action<int, string, long> appended)
    {
        _redis = redis;
        _time = time;
        _appended = appended;
        Channel = RedisChannel.Literal(keyPrefix + ":routing:appended");
        _subscriber = redis.GetSubscriber();
        redis.ConnectionFailed += OnConnectionFailed;
        _ = SubscribeAsync();
    }

    public RedisChannel Channel { get; }

    /// <summary>
    /// The current stretch of proven hearing, or 0 when this node cannot be sure it heard every append (not
    /// subscribed yet, a connection failed, or its last probe is older than <see cref="ProofLifetime"/>). Asking
    /// renews the proof in the background before it runs out.
    /// </summary>
    public long Generation
    {
        get
        {
            var now = _time.GetTimestamp();
            long generation;
            bool renew;
            lock (_gate)
            {
                var age = _time.GetElapsedTime(_provenAt, now);
                if (_proven && age > ProofLifetime)
                {
                    _proven = false;
                }

                generation = _proven ? _generation : 0;
                renew = (!_proven || age > ProofLifetime / 2) && (_probe is null || _time.GetElapsedTime(_probeSentAt, now) > ProofLifetime);
                if (renew)
                {
                    _probe = Guid.NewGuid().ToString("N");
                    _probeSentAt = now;
                }
            }

            if (renew)
            {
                _ = SendProbeAsync();
            }

            return generation;
        }
    }

    public void Dispose()
    {
        ChannelMessageQueue? messages;
        lock (_gate)
        {
            if (_disposed.IsCancellationRequested)
            {
                return;
            }

            _disposed.Cancel();
            messages = _messages;
        }

        _redis.ConnectionFailed -= OnConnectionFailed;

        // This queue only: in tests, several stores share one connection and one channel.
        messages?.Unsubscribe();
    }

    /// <summary>Subscribes, again each second while Redis cannot be reached (a node may start before it).</summary>
    private async Task SubscribeAsync()
    {
        var token = _disposed.Token;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var messages = await _subscriber.SubscribeAsync(Channel);
                messages.OnMessage(Receive);
                lock (_gate)
                {
                    if (!_disposed.IsCancellationRequested)
                    {
                        _messages = messages;
                        return;
                    }
                }

                await messages.UnsubscribeAsync();
                return;
            }
            catch (RedisException)
            {
                // Not subscribed, so nothing is proven; try again.
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SendProbeAsync()
    {
        string? probe;
        lock (_gate)
        {
            probe = _probe;
        }

        try
        {
            await _subscriber.PublishAsync(Channel, $"p:{_node}:{probe}");
        }
        catch (RedisException)
        {
            // Unheard, so unproven: the next question sends another once this one is overdue.
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        lock (_gate)
        {
            // A probe sent before the failure may still be queued for us: it proves nothing about afterwards.
            _proven = false;
            _probe = null;
        }
    }

    private void Receive(ChannelMessage message)
    {
        var text = message.Message.ToString().AsSpan();
        Span<Range> parts = stackalloc Range[5];
        var count = text.Split(parts, ':');
        if (count == 4 && text[parts[0]] is "a" &&
            int.TryParse(text[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out var tenantId) &&
            long.TryParse(text[parts[3]], NumberStyles.None, CultureInfo.InvariantCulture, out var seq))
        {
            _appended(tenantId, text[parts[2]].ToString(), seq);
        }
        else if (count == 3 && text[parts[0]] is "p" && text[parts[1]].SequenceEqual(_node))
        {
            Proved(text[parts[2]]);
        }
    }

    private void Proved(ReadOnlySpan<char> probe)
    {
        lock (_gate)
        {
            if (!probe.SequenceEqual(_probe))
            {
                return;
            }

            if (!_proven)
            {
                // Appends may have gone unheard since the last stretch: replicas synced in it are not trusted.
                _generation++;
                _proven = true;
            }

            _provenAt = _time.GetTimestamp();
            _probe = null;
        }
    }
}
