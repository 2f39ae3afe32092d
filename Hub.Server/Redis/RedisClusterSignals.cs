using System.Text.Json;
using System.Text.Json.Serialization;
using KefuHub.Server.Cluster;
using StackExchange.Redis;

namespace KefuHub.Server.Redis;

/// <summary>
/// Cluster signals over Redis pub/sub (<c>{prefix}:cluster</c>): handled here at once, then published for
/// the other nodes, which skip their own. Pub/sub is at most once: a node disconnected from Redis at that
/// moment misses the signal, and its caches' lifetimes bound what it misses.
/// </summary>
public sealed partial class RedisClusterSignals : IClusterSignals, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly ClusterSignalHandlers _handlers = new();
    private readonly ISubscriber _subscriber;
    private readonly RedisChannel _channel;
    private readonly ILogger<RedisClusterSignals> _logger;
    private readonly string _node = Guid.NewGuid().ToString("N");

    public RedisClusterSignals(IConnectionMultiplexer redis, string keyPrefix, ILogger<RedisClusterSignals> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        _subscriber = redis.GetSubscriber();
        _channel = RedisChannel.Literal(keyPrefix + ":cluster");
        _logger = logger;
        _subscriber.Subscribe(_channel).OnMessage(Receive);
    }

    public void Publish(ClusterSignal signal)
    {
        _handlers.Invoke(signal);
        var envelope = JsonSerializer.Serialize(new Envelope(_node, signal), Json);
        _ = PublishAsync(envelope);
    }

    public void Subscribe(Action<ClusterSignal> handler) => _handlers.Add(handler);

    public void Dispose() => _subscriber.Unsubscribe(_channel);

    private async Task PublishAsync(string envelope)
    {
        try
        {
            await _subscriber.PublishAsync(_channel, envelope);
        }
        catch (RedisException exception)
        {
            LogPublishFailed(_logger, exception);
        }
    }

    private void Receive(ChannelMessage message)
    {
        Envelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<Envelope>(message.Message.ToString(), Json);
        }
        catch (JsonException exception)
        {
            LogUnreadable(_logger, exception);
            return;
        }

        if (envelope is { Signal: { } signal } && envelope.Node != _node)
        {
            _handlers.Invoke(signal);
        }
    }

    [LoggerMessage(2010, LogLevel.Warning, "A cluster signal could not be published: other nodes see the change when their caches expire.", EventName = "ClusterSignalNotPublished")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);

    [LoggerMessage(2011, LogLevel.Warning, "A cluster signal could not be read (another version of the hub on the channel?).", EventName = "ClusterSignalUnreadable")]
    private static partial void LogUnreadable(ILogger logger, Exception exception);

    private sealed record Envelope(string Node, ClusterSignal? Signal);
}
