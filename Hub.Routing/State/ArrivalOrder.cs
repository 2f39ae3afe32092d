namespace KefuHub.Routing.State;

/// <summary>Oldest arrival first.</summary>
internal sealed class ArrivalOrder : IComparer<SessionEntry>
{
    public static readonly ArrivalOrder Instance = new();

    public int Compare(SessionEntry? x, SessionEntry? y) => x!.ArrivalSeq.CompareTo(y!.ArrivalSeq);
}
