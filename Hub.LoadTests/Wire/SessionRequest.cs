using MessagePack;

namespace KefuHub.LoadTests.Wire;

/// <summary>A call that names only a session (<c>EndSession</c>, <c>Pick</c>).</summary>
[MessagePackObject]
public sealed class SessionRequest
{
    [Key("serviceSessionId")]
    public string ServiceSessionId { get; set; } = "";
}
