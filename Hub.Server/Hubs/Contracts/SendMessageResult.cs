namespace KefuHub.Server.Hubs.Contracts;

public sealed record SendMessageResult(string MessageId, long Seq, DateTimeOffset CreateDatetime);
