namespace KefuHub.Routing.State;

// Grace periods and timeouts, kept in the state so that whichever node applies the next command runs them.
public sealed partial class TenantRoutingState
{
    private readonly SortedSet<Deadline> _deadlines = [];
    private readonly Dictionary<(DeadlineKind Kind, string Key), Deadline> _deadlineByKey = [];
    private long _deadlineSeq;

    /// <summary>The earliest pending deadline; the engine sets a timer for it.</summary>
    public DateTimeOffset? NextDeadline =>
        _deadlines.Count == 0 ? null : new DateTimeOffset(_deadlines.Min.DueTicks, TimeSpan.Zero);

    private void AddDeadline(DeadlineKind kind, string key, TimeSpan after)
    {
        CancelDeadline(kind, key);
        var deadline = new Deadline((_now + after).UtcTicks, ++_deadlineSeq, kind, key);
        _deadlines.Add(deadline);
        _deadlineByKey.Add((kind, key), deadline);
    }

    private void CancelDeadline(DeadlineKind kind, string key)
    {
        if (_deadlineByKey.Remove((kind, key), out var deadline))
        {
            _deadlines.Remove(deadline);
        }
    }

    /// <summary>
    /// Runs, in due order, every deadline due by <paramref name="until"/>. Each re-checks its condition
    /// first and acts at its due time (or the state's time, if later), not at the time of the command that
    /// noticed it: the outcome is the same whether a timer fired on the dot or a later command, on any
    /// node, ran it late.
    /// </summary>
    private void FireDueDeadlines(DateTimeOffset until)
    {
        while (_deadlines.Count > 0 && _deadlines.Min.DueTicks <= until.UtcTicks)
        {
            var deadline = _deadlines.Min;
            if (deadline.DueTicks > _now.UtcTicks)
            {
                _now = new DateTimeOffset(deadline.DueTicks, TimeSpan.Zero);
            }

            _deadlines.Remove(deadline);
            _deadlineByKey.Remove((deadline.Kind, deadline.Key));
            switch (deadline.Kind)
            {
                case DeadlineKind.AgentOffline:
                    if (_agents.TryGetValue(deadline.Key, out var agent) && agent.Connections.Count == 0)
                    {
                        GoOffline(agent);
                    }

                    break;

                case DeadlineKind.VisitorGone:
                    if (!_visitorConnections.ContainsKey(deadline.Key) &&
                        _openSessionByVisitor.TryGetValue(deadline.Key, out var abandoned) &&
                        abandoned.State == SessionState.Wait)
                    {
                        Finish(abandoned, EndReason.VisitorLeft);
                    }

                    break;

                case DeadlineKind.SpecifiedAgentTimeout:
                    if (_sessions.TryGetValue(deadline.Key, out var session) &&
                        session.State == SessionState.Wait && session.SpecifiedAgentId is not null)
                    {
                        session.SpecifiedAgentId = null;
                        Requeue(session, QueueReason.SpecifiedAgentTimeout);
                    }

                    break;
            }

            // Assign what the deadline freed before the next one runs, as if each had fired on time.
            Drain();
        }
    }
}
