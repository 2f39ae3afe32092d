namespace KefuHub.Routing;

/// <summary>Why a session entered (or re-entered) a waiting line.</summary>
public enum QueueReason
{
    New = 0,
    SpecifiedAgentTimeout = 1,
    TransferredToQueue = 2,
    AgentOffline = 3,
    AgentRemoved = 4,
    QueueRemoved = 5,

    /// <summary>Brought back after routing state was lost (see <see cref="RoutingCommand.RestoreSession"/>).</summary>
    Restored = 6,
}
