using System.Text.Json;
using KefuHub.Routing;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Server.Storage;

namespace KefuHub.Server.Conversations;

/// <summary>Turns stored and routing records into the wire shapes of CONTRACT.md.</summary>
internal static class ContractMapper
{
    public static MessageEvent ToEvent(MessageRecord message) => new(
        message.ServiceSessionId,
        message.MessageId,
        message.Seq,
        message.From switch
        {
            MessageSender.Visitor => "visitor",
            MessageSender.Agent => "agent",
            MessageSender.Robot => "robot",
            _ => "system",
        },
        message.Type,
        message.Text,
        message.Url,
        message.Ext is null ? null : JsonDocument.Parse(message.Ext).RootElement.Clone(),
        message.CreatedAt);

    public static WaitingItem ToWaitingItem(SessionSnapshot session, string? specifiedAgentUsername) =>
        new(session.SessionId, session.CreatedAt, session.QueueId, specifiedAgentUsername, session.VisitorId);

    public static SessionView ToView(SessionSnapshot session, string? visitorNickname, string? agentUsername) => new(
        session.SessionId,
        session.VisitorId,
        visitorNickname,
        session.State.ToString(),
        session.QueueId,
        agentUsername,
        session.CreatedAt,
        session.AssignedAt);

    public static QueuePositionEvent ToEvent(QueuePosition position) => new(
        position.SessionId,
        position.Position,
        position.WaitingCount,
        (int)Math.Ceiling(position.EstimatedWait.TotalSeconds));
}
