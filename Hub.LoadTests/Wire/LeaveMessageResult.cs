using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>Answer of <c>LeaveMessage</c>.</summary>
[MessagePackObject]
public sealed class LeaveMessageResult
{
    [Key("leaveMessageId")]
    public long LeaveMessageId { get; set; }
}
