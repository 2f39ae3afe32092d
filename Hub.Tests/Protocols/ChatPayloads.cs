namespace KefuHub.Tests.Protocols;

/// <summary>Hub payloads shaped like the contract's (CONTRACT.md, "Hubs").</summary>
public static class ChatPayloads
{
    public enum MessageFrom
    {
        Visitor,
        Agent,
        System,
    }

    public sealed record SendMessageRequest(string ServiceSessionId, string ClientMessageId, string Type, string? Text, string? Url = null);

    public sealed record SendMessageResult(string MessageId, long Seq, DateTimeOffset CreateDatetime);

    public sealed record MessageEvent(
        string ServiceSessionId,
        string MessageId,
        long Seq,
        MessageFrom From,
        string Type,
        string? Text,
        string? Url,
        Dictionary<string, string>? Ext,
        DateTimeOffset CreateDatetime);

    public sealed record Workspace(string Agent, IReadOnlyList<string> Sessions, double Load, bool Online, int[]? Counts, byte[]? Avatar);

    public static SendMessageRequest Request { get; } = new("s-1", "c-1", "txt", "你好, \"world\" \u2028 <b>&");

    public static MessageEvent Event { get; } = new(
        "s-1", "m-42", 42, MessageFrom.Agent, "txt", "您好，请问有什么可以帮您？", null,
        new Dictionary<string, string> { ["orderId"] = "A-1" },
        new DateTimeOffset(2026, 11, 21, 9, 30, 15, 120, TimeSpan.FromHours(8)));
}
