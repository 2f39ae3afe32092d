namespace KefuHub.LoadTests.Invariants;

/// <summary>A message as its sender's acknowledgement described it.</summary>
internal sealed record AckedMessage(string MessageId, long Seq, string Text);
