namespace KefuHub.Server.Hubs.Contracts;

/// <param name="ServiceSessionId">Null when <paramref name="State"/> is <c>LeaveMessage</c>: no session was created.</param>
/// <param name="State"><c>Wait</c>, <c>Processing</c> or <c>LeaveMessage</c>.</param>
/// <param name="QueuePosition">1 = served next; set while waiting.</param>
/// <param name="OffDutyReminderText">Set with <c>LeaveMessage</c> when the tenant's off-duty reminder is enabled.</param>
public sealed record StartSessionResult(
    string? ServiceSessionId,
    string State,
    int? QueuePosition,
    AgentView? Agent,
    string? Welcome,
    string? OffDutyReminderText);
