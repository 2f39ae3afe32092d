namespace KefuHub.Server.Hubs.Contracts;

/// <summary>A call about one session: EndSession, Pick, InviteRating.</summary>
public sealed record SessionRequest(string ServiceSessionId);
