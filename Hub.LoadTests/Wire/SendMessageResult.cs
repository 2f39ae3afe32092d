using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>The acknowledgement of a stored message.</summary>
[MessagePackObject]
public sealed class SendMessageResult
{
    [Key("messageId")]
    public string MessageId { get; set; } = "";

    [Key("seq")]
    public long Seq { get; set; }

    [Key("createDatetime")]
    public string? CreateDatetime { get; set; }
}
