using System.Text.Json;

namespace KefuHub.Server.Webhooks;

/// <param name="From"><c>visitor</c>, <c>agent</c>, <c>system</c> or <c>robot</c>.</param>
/// <param name="SenderId">The visitor id or the agent's user id; null for system and robot messages.</param>
public sealed record MessageEventData(
    string ServiceSessionId,
    string MessageId,
    long Seq,
    string From,
    string? SenderId,
    string Type,
    string? Text,
    string? Url,
    JsonElement? Ext,
    DateTimeOffset CreateDatetime);
