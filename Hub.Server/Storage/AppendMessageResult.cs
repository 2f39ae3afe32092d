namespace KefuHub.Server.Storage;

/// <param name="Message">The stored message: the new one, or the one stored earlier with the same client message id.</param>
/// <param name="Duplicate">True when <paramref name="Message"/> was stored by an earlier call.</param>
public sealed record AppendMessageResult(MessageRecord Message, bool Duplicate);
