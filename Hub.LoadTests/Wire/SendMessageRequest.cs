using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary><c>SendMessage</c> from either side.</summary>
[MessagePackObject]
public sealed class SendMessageRequest
{
    [Key("serviceSessionId")]
    public string ServiceSessionId { get; set; } = "";

    [Key("clientMessageId")]
    public string ClientMessageId { get; set; } = "";

    [Key("type")]
    public string Type { get; set; } = "";

    [Key("text")]
    public string? Text { get; set; }
}
