using System.Text.Json;

namespace KefuHub.Server.Hubs.Contracts;

/// <param name="ClientMessageId">The sender's id for the message: a retry with the same id is stored once.</param>
/// <param name="Type"><c>txt</c>, <c>img</c>, <c>emoji</c>, <c>file</c>, <c>order</c> or <c>track</c>.</param>
public sealed record SendMessageRequest(string ServiceSessionId, string ClientMessageId, string Type, string? Text = null, string? Url = null, JsonElement? Ext = null);
