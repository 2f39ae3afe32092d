using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>Visitor → hub: <c>LeaveMessage</c>.</summary>
[MessagePackObject]
public sealed class LeaveMessageRequest
{
    [Key("content")]
    public string Content { get; set; } = "";

    [Key("name")]
    public string? Name { get; set; }
}
