using System.ComponentModel.DataAnnotations;

namespace KefuHub.Server.Hubs;

/// <summary>Limits of the visitor and agent hubs; section <c>Kefu:Hubs</c>.</summary>
public sealed class KefuHubOptions
{
    public const string SectionName = "Kefu:Hubs";

    /// <summary>Largest hub message a client may send, in bytes. Default 64 KiB.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaximumReceiveMessageSize { get; set; } = 64 * 1024;

    /// <summary>Longest text of one chat message, in characters. Default 5000.</summary>
    [Range(1, 1_000_000)]
    public int MaxTextLength { get; set; } = 5000;

    /// <summary>Hub calls one connection may make per second on average. Default 20.</summary>
    [Range(1, 100_000)]
    public int CallsPerSecond { get; set; } = 20;

    /// <summary>Hub calls one connection may make in a burst above the average. Default 40.</summary>
    [Range(1, 100_000)]
    public int CallBurst { get; set; } = 40;

    /// <summary>Hub connections one visitor may hold at once, over all its tokens and tabs. Default 5.</summary>
    [Range(1, 10_000)]
    public int MaxConnectionsPerVisitor { get; set; } = 5;

    /// <summary>Hub connections one agent may hold at once, over all its devices. Default 10.</summary>
    [Range(1, 10_000)]
    public int MaxConnectionsPerAgent { get; set; } = 10;

    /// <summary>Hub calls one visitor or agent may make per second on average, over all its connections. Default 30.</summary>
    [Range(1, 100_000)]
    public int CallerCallsPerSecond { get; set; } = 30;

    /// <summary>Hub calls one visitor or agent may make in a burst, over all its connections. Default 60.</summary>
    [Range(1, 100_000)]
    public int CallerCallBurst { get; set; } = 60;

    /// <summary>Shortest interval between two relayed "typing" events of one connection and session. Default 1 s.</summary>
    public TimeSpan TypingRelayInterval { get; set; } = TimeSpan.FromSeconds(1);
}
