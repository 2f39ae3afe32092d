namespace KefuHub.Server.Api.AdminConsole;

/// <summary>One waiting line. <paramref name="QueueId"/> null is the tenant-wide line of sessions started without a queue.</summary>
/// <param name="OnlineMembers">Enabled members in state Online: the ones routing may give a session to.</param>
/// <param name="FreeSlots">Spare capacity of the online members.</param>
/// <param name="OldestCreateDatetime">When the session first in line arrived; null when nobody waits.</param>
public sealed record MonitorQueueView(
    int? QueueId,
    string? QueueName,
    int WaitingCount,
    DateTimeOffset? OldestCreateDatetime,
    int Members,
    int OnlineMembers,
    int FreeSlots);
