namespace KefuHub.Server.Hubs.Contracts;

/// <param name="State"><c>Online</c>, <c>Busy</c>, <c>Leave</c>, <c>Hidden</c> or <c>Offline</c>.</param>
public sealed record SetStateRequest(string State);
