using System.Text.Json;

namespace KefuHub.Protocols;

/// <summary>Options of <see cref="MessagePackHubProtocol"/>.</summary>
public sealed class MessagePackHubProtocolOptions
{
    /// <summary>The default of <see cref="MaximumMessageSize"/>: 1 MiB.</summary>
    public const int DefaultMaximumMessageSize = 1024 * 1024;

    /// <summary>The default of <see cref="MaximumDepth"/>: 64, as System.Text.Json and the JSON protocol.</summary>
    public const int DefaultMaximumDepth = 64;

    /// <summary>
    /// The largest message body, in bytes, that the protocol parses. A longer length prefix is rejected
    /// with <see cref="InvalidDataException"/> as soon as the prefix is read, before the body is buffered.
    /// Default 1 MiB. On the server, SignalR's <c>HubOptions.MaximumReceiveMessageSize</c> (32 KB by
    /// default) applies first: it closes the connection once that many bytes are buffered without a
    /// complete message. This limit is the one the .NET client has.
    /// </summary>
    public int MaximumMessageSize { get; set; } = DefaultMaximumMessageSize;

    /// <summary>The deepest nesting of arrays and maps accepted in a message. Default 64.</summary>
    public int MaximumDepth { get; set; } = DefaultMaximumDepth;

    /// <summary>
    /// How payloads (arguments, stream items, results) are shaped: field names, converters, enum forms.
    /// Null (the default) means the JSON hub protocol's <c>JsonHubProtocolOptions.PayloadSerializerOptions</c>
    /// when registered through the DI extensions, so both protocols name every field the same way.
    /// </summary>
    public JsonSerializerOptions? PayloadSerializerOptions { get; set; }
}
