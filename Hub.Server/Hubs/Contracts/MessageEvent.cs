using System.Text.Json;

namespace KefuHub.Server.Hubs.Contracts;

/// <param name="From"><c>visitor</c>, <c>agent</c> or <c>system</c>.</param>
public sealed record MessageEvent(
    string ServiceSessionId,
    string MessageId,
    long Seq,
    string From,
    string Type,
    string? Text,
    string? Url,
    JsonElement? Ext,
    DateTimeOffset CreateDatetime);
