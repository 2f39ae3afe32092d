using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>Hub → both sides: <c>message</c>; also an item of the REST message list.</summary>
[MessagePackObject]
public sealed class MessageEvent
{
    [Key("serviceSessionId")]
    public string ServiceSessionId { get; set; } = "";

    [Key("messageId")]
    public string MessageId { get; set; } = "";

    [Key("seq")]
    public long Seq { get; set; }

    [Key("from")]
    public string From { get; set; } = "";

    [Key("type")]
    public string Type { get; set; } = "";

    [Key("text")]
    public string? Text { get; set; }

    [Key("createDatetime")]
    public string? CreateDatetime { get; set; }
}
