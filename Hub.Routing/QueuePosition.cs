namespace KefuHub.Routing;

/// <summary>A waiting session's place in its line.</summary>
/// <param name="Position">1 means served next.</param>
/// <param name="WaitingCount">Sessions waiting in the same line.</param>
/// <param name="EstimatedWait">From the line's rolling average handling time and its agents' capacity.</param>
public sealed record QueuePosition(
    string SessionId,
    string VisitorId,
    WaitingLineKey Line,
    int Position,
    int WaitingCount,
    TimeSpan EstimatedWait);
