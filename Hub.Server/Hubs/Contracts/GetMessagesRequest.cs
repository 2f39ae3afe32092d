namespace KefuHub.Server.Hubs.Contracts;

/// <summary>Catch-up after a reconnect: the session's messages after <paramref name="AfterSeq"/>.</summary>
/// <param name="Size">At most this many (default 100, at most 500).</param>
public sealed record GetMessagesRequest(string ServiceSessionId, long AfterSeq = 0, int? Size = null);
