namespace KefuHub.LoadTests.Client;

/// <summary>An item of <c>GET /sessions/{id}/messages</c>.</summary>
internal sealed record MessageEntity(string ServiceSessionId, string MessageId, long Seq, string From, string Type, string? Text);
