namespace KefuHub.LoadTests.Client;

/// <summary>The REST answer: <c>{status, entity | entities}</c>.</summary>
internal sealed record ApiEnvelope<T>(string Status, T? Entity, List<T>? Entities);
