namespace KefuHub.Server.Hubs.Contracts;

/// <param name="Items">Oldest first, at most 100.</param>
public sealed record WaitingView(int Count, IReadOnlyList<WaitingItem> Items);
