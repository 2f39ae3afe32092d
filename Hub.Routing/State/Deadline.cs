namespace KefuHub.Routing.State;

/// <summary>A grace or timeout deadline, ordered by due time then creation.</summary>
internal readonly record struct Deadline(long DueTicks, long Seq, DeadlineKind Kind, string Key) : IComparable<Deadline>
{
    public int CompareTo(Deadline other)
    {
        var byDue = DueTicks.CompareTo(other.DueTicks);
        return byDue != 0 ? byDue : Seq.CompareTo(other.Seq);
    }
}
