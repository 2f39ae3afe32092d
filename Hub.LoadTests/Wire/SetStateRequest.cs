using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>Agent → hub: <c>SetState</c>.</summary>
[MessagePackObject]
public sealed class SetStateRequest
{
    [Key("state")]
    public string State { get; set; } = "";
}
