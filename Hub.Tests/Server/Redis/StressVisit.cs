namespace KefuHub.Tests.Server.Redis;

/// <summary>What one visitor of a stress test was told: its session and its acknowledged message.</summary>
public sealed record StressVisit(string VisitorId, string SessionId, string ClientMessageId, long Seq, string Text);
