using System.Collections.Concurrent;
using KefuHub.LoadTests.Wire;

namespace KefuHub.LoadTests.Invariants;

/// <summary>Every message the hub acknowledged during a scenario: (seq, messageId, text) per session.
/// The text carries the clientMessageId, so a stored message can be matched to its send.</summary>
internal sealed class AckLedger
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<AckedMessage>> _sessions = new(StringComparer.Ordinal);

    public long Count => _sessions.Values.Sum(q => (long)q.Count);

    public void Acked(string serviceSessionId, string text, SendMessageResult result) =>
        _sessions.GetOrAdd(serviceSessionId, _ => new()).Enqueue(new AckedMessage(result.MessageId, result.Seq, text));

    public IReadOnlyDictionary<string, IReadOnlyList<AckedMessage>> Sessions() =>
        _sessions.ToDictionary(s => s.Key, s => (IReadOnlyList<AckedMessage>)[.. s.Value], StringComparer.Ordinal);
}
