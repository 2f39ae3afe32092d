using System.Diagnostics;

namespace KefuHub.Routing.State;

/// <summary>
/// The routing state of one tenant and the only code that changes it. Not thread-safe: a store applies
/// one command at a time (<see cref="IRoutingStateStore"/>). Every change goes through <see cref="Apply"/>,
/// which is deterministic in the command and the prior state (no clock, no randomness, no hash order),
/// so that stores spanning several nodes can replay the same commands and reach the same state.
/// </summary>
/// <remarks>
/// Invariant kept after every command: no waiting session has an eligible agent (rule 1). From it follow
/// rule 4 (nobody waits while an agent could take them) and the absence of overtaking in rule 9; and it
/// means that only the agents and sessions a command touched can form new assignments, so each command
/// drains from just those (see <see cref="Drain"/>) instead of sweeping the tenant.
/// </remarks>
public sealed partial class TenantRoutingState
{
    private readonly RoutingOptions _options;
    private readonly Dictionary<string, AgentEntry> _agents = new(StringComparer.Ordinal);
    private readonly Dictionary<int, SkillQueue> _queues = [];
    private readonly SkillQueue _anyQueue;
    private readonly Dictionary<string, WaitingLine> _specifiedLines = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SessionEntry> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SessionEntry> _openSessionByVisitor = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _visitorConnections = new(StringComparer.Ordinal);
    private readonly SortedSet<SessionEntry> _allWaiting = new(ArrivalOrder.Instance);

    // Scratch of the command being applied.
    private readonly HashSet<AgentEntry> _dirtyAgents = [];
    private readonly SortedSet<SessionEntry> _dirtySessions = new(ArrivalOrder.Instance);
    private readonly List<WaitingLine> _changedLines = [];
    private List<RoutingEvent> _events = [];

    private long _arrivalSeq;
    private long _assignmentSeq;
    private DateTimeOffset _now = DateTimeOffset.MinValue;
    private long _lastVersion;

    public TenantRoutingState(int tenantId, RoutingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        TenantId = tenantId;
        _options = options;
        _anyQueue = new SkillQueue(null, options.HandlingTimeSamples);
    }

    public int TenantId { get; }

    public TenantRoutingSettings Settings { get; private set; } = TenantRoutingSettings.Default;

    public int WaitingCount => _allWaiting.Count;

    /// <summary>Applies one command and returns the decision, the events it caused and the next deadline.</summary>
    public RoutingCommandOutcome Apply(RoutingCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        Debug.Assert(_dirtyAgents.Count == 0 && _dirtySessions.Count == 0 && _changedLines.Count == 0);

        // Clocks of several nodes may disagree slightly; state time never goes back.
        var now = command.Timestamp > _now ? command.Timestamp : _now;
        _events = [];
        try
        {
            return ApplyCore(command, now);
        }
        finally
        {
            // A bug guard that threw must not leak this command's scratch into the next one.
            _dirtyAgents.Clear();
            _dirtySessions.Clear();
            _changedLines.Clear();
        }
    }

    private RoutingCommandOutcome ApplyCore(RoutingCommand command, DateTimeOffset now)
    {
        FireDueDeadlines(now);
        _now = now;
        var decision = command switch
        {
            RoutingCommand.StartSession c => StartSession(c),
            RoutingCommand.EndSession c => EndSession(c),
            RoutingCommand.Pick c => Pick(c),
            RoutingCommand.TransferToAgent c => TransferToAgent(c),
            RoutingCommand.TransferToQueue c => TransferToQueue(c),
            RoutingCommand.AssignDirect c => AssignDirect(c),
            RoutingCommand.RestoreSession c => RestoreSession(c),
            RoutingCommand.UpsertAgent c => UpsertAgent(c),
            RoutingCommand.RemoveAgent c => RemoveAgent(c),
            RoutingCommand.SetAgentState c => SetAgentState(c),
            RoutingCommand.AgentConnected c => AgentConnected(c),
            RoutingCommand.AgentDisconnected c => AgentDisconnected(c),
            RoutingCommand.VisitorConnected c => VisitorConnected(c),
            RoutingCommand.VisitorDisconnected c => VisitorDisconnected(c),
            RoutingCommand.SetQueue c => SetQueue(c),
            RoutingCommand.RemoveQueue c => RemoveQueue(c),
            RoutingCommand.ConfigureTenant c => ConfigureTenant(c),
            RoutingCommand.FireDueDeadlines => RoutingDecision.Applied,
            _ => throw new ArgumentException($"Unknown routing command {command.GetType().Name}.", nameof(command)),
        };

        Drain();
        foreach (var line in _changedLines)
        {
            _events.Add(new RoutingEvent.WaitingLineChanged(line.Key, line.Count));
        }

        // The list goes to the caller; the next command starts its own, so none is allocated here.
        return new RoutingCommandOutcome(decision, _events, NextDeadline);
    }

    private static RoutingDecision Reject(RoutingError error, string message) => RoutingDecision.Rejected(error, message);

    private SkillQueue QueueOf(SessionEntry session) =>
        session.QueueId is int id && _queues.TryGetValue(id, out var queue) ? queue : _anyQueue;

    /// <summary>
    /// The next session version: the state's clock in ticks, or one more than the last version if that is
    /// not greater. Like the clock it never goes back, and a state rebuilt from the database after Redis
    /// lost its data starts at the rebuild's time, above every version handed out before.
    /// </summary>
    private long NextVersion() => _lastVersion = Math.Max(_now.UtcTicks, _lastVersion + 1);
}
