using System.Text.Json;

namespace KefuHub.Server.Api;

/// <summary><c>POST /sessions/{id}/messages</c>: the hubs' <c>SendMessage</c> without the session id (it is in the path).</summary>
public sealed record PostMessageRequest(string? ClientMessageId, string? Type, string? Text, string? Url, JsonElement? Ext);
