using System.Collections.Concurrent;
using System.Diagnostics;
using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace KefuHub.Tests.Server.Redis;

/// <summary>
/// An agent of the scale-out stress tests: closes or transfers what it is given, flips between Busy and
/// Online, and picks while it can. It records what it was given (the push) and gave up (from the moment
/// it asks), so rule 9 can be checked from the client side even when the nodes are other processes:
/// a push comes after the assignment and a release is counted before it happens, so what the agent
/// counts is never more than what routing gave it.
/// </summary>
public sealed class StressAgent
{
    private static readonly TimeSpan PushWait = TimeSpan.FromSeconds(30);
    private static readonly long Started = Stopwatch.GetTimestamp();
    private readonly HubConnection _connection;
    private readonly int _capacity;
    private readonly int _agents;
    private readonly ConcurrentQueue<string> _problems;
    private readonly Random _random;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<long>> _assignedAt = [];
    private readonly Dictionary<string, List<long>> _releasedAt = [];
    private readonly ConcurrentQueue<(string SessionId, TimeSpan At, string What)> _log = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _visitorSpoke = new();
    private int _held;
    private int _picks;
    private int _transfers;
    private int _waitingSeen;

    /// <param name="agents">How many agents there are, named <c>agent{i}@test</c>: the transfer targets.</param>
    public StressAgent(HubConnection connection, string username, int capacity, int agents, ConcurrentQueue<string> problems)
    {
        _connection = connection;
        _capacity = capacity;
        _agents = agents;
        _problems = problems;
        Username = username;
        _random = new Random(username.GetHashCode(StringComparison.Ordinal));
        // A session is handled once the visitor has spoken: at the visitor's message, or at once when the
        // message came before the assignment (sent while the session waited, or before a transfer).
        connection.On<MessageEvent>(ClientEvents.Message, m =>
        {
            if (m.From == "visitor")
            {
                Log(m.ServiceSessionId, $"visitor's message {m.Seq}");
                VisitorSpokeIn(m.ServiceSessionId).TrySetResult();
                _ = Task.Run(() => HandleAsync(m.ServiceSessionId, Next(100)));
            }
        });
        connection.On<SessionAssignedEvent>(ClientEvents.SessionAssigned, e =>
        {
            var id = e.Session.ServiceSessionId;
            Assigned(id);
            Log(id, $"assigned ({e.Reason})");
            _ = Task.Run(() => HandleOnceTheVisitorSpokeAsync(id));
        });
    }

    public string Username { get; }

    /// <summary>Waiting sessions this agent won the race for.</summary>
    public int Picks => Volatile.Read(ref _picks);

    /// <summary>Sessions this agent handed to another agent.</summary>
    public int Transfers => Volatile.Read(ref _transfers);

    /// <summary>Workspaces (its node's replica) that showed sessions waiting: how often the queue was not empty.</summary>
    public int WaitingSeen => Volatile.Read(ref _waitingSeen);

    /// <summary>Connects, turns Online, and flips and picks until <paramref name="stop"/>.</summary>
    public async Task StartAsync(CancellationToken stop)
    {
        await _connection.StartAsync(TestContext.Current.CancellationToken);
        await _connection.InvokeAsync("SetState", new SetStateRequest("Online"), TestContext.Current.CancellationToken);
        _ = Task.Run(() => FlipAndPickAsync(new Random(Next(int.MaxValue)), stop), CancellationToken.None);
    }

    /// <summary>
    /// Two agents that held one session at the same moment, by what the agents recorded: from the push
    /// to the request that gave it up, which lies within the time routing had it with that agent.
    /// </summary>
    public static IEnumerable<string> FindSessionsHeldTwice(IEnumerable<StressAgent> agents)
    {
        var held = agents.SelectMany(a => a.HoldingTimes().Select(h => (a.Username, h.SessionId, h.From, h.To)));
        foreach (var session in held.GroupBy(h => h.SessionId))
        {
            var ordered = session.OrderBy(h => h.From).ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                if (ordered[i].From < ordered[i - 1].To && ordered[i].Username != ordered[i - 1].Username)
                {
                    yield return $"session {session.Key} was held by {ordered[i - 1].Username} and {ordered[i].Username} at once";
                }
            }
        }
    }

    /// <summary>
    /// Fails unless the races the test is about happened (picks, transfers, sessions waiting), and writes
    /// how often.
    /// </summary>
    public static void Report(IReadOnlyCollection<StressAgent> agents)
    {
        var (picks, transfers, waiting) = (agents.Sum(a => a.Picks), agents.Sum(a => a.Transfers), agents.Sum(a => a.WaitingSeen));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"picks {picks}, transfers {transfers}, workspaces with sessions waiting {waiting}");
        Assert.True(picks > 0 && transfers > 0 && waiting > 0, $"the load did not exercise the races: picks {picks}, transfers {transfers}, workspaces with sessions waiting {waiting}");
    }

    /// <summary>What each agent did with the session and when, to explain a failure.</summary>
    public static string Describe(IEnumerable<StressAgent> agents, string sessionId) =>
        string.Join("; ", agents
            .SelectMany(a => a._log.Where(l => l.SessionId == sessionId).Select(l => (l.At, Text: $"{a.Username} {l.What}")))
            .OrderBy(l => l.At)
            .Select(l => $"{l.At.TotalSeconds:0.000} s {l.Text}"));

    private List<(string SessionId, long From, long To)> HoldingTimes()
    {
        lock (_gate)
        {
            // The n-th push pairs with the n-th release; a release asked before its push (the visitor's
            // message arrived first) proves nothing and is left out.
            return _assignedAt
                .SelectMany(a => a.Value.Zip(_releasedAt.GetValueOrDefault(a.Key) ?? [], (from, to) => (SessionId: a.Key, From: from, To: to)))
                .Where(h => h.From < h.To)
                .ToList();
        }
    }

    private void Assigned(string sessionId)
    {
        lock (_gate)
        {
            Add(_assignedAt, sessionId, Stopwatch.GetTimestamp());
            if (++_held > _capacity)
            {
                _problems.Enqueue($"{Username} was given {_held} sessions, more than its maximum {_capacity}");
            }
        }
    }

    /// <summary>Counts the session as given up while the request is on its way; not if routing refused it.</summary>
    private async Task<bool> ReleaseAsync(string sessionId, string method, object request)
    {
        long at;
        lock (_gate)
        {
            at = Stopwatch.GetTimestamp();
            Add(_releasedAt, sessionId, at);
            _held--;
        }

        try
        {
            await _connection.InvokeAsync(method, request);
            Log(sessionId, method);
            return true;
        }
        catch (HubException exception)
        {
            Log(sessionId, $"{method} refused: {exception.Message}");
            lock (_gate)
            {
                _releasedAt[sessionId].Remove(at);
                _held++;
            }

            return false;
        }
    }

    /// <summary>
    /// The visitor's message reaches the agent by its read or by a push: one stored while the session is
    /// being assigned comes after the read, and must then be pushed to this agent, though the visitor's node
    /// checked the session before this agent had it.
    /// </summary>
    private async Task HandleOnceTheVisitorSpokeAsync(string sessionId)
    {
        try
        {
            var messages = await _connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(sessionId));
            Log(sessionId, $"read {messages.Count} messages");
            if (messages.Any(m => m.From == "visitor"))
            {
                await HandleAsync(sessionId, Next(100));
                return;
            }

            try
            {
                await VisitorSpokeIn(sessionId).Task.WaitAsync(PushWait);
                return; // handled at the push
            }
            catch (TimeoutException)
            {
            }

            messages = await _connection.InvokeAsync<IReadOnlyList<MessageEvent>>("GetMessages", new GetMessagesRequest(sessionId));
            _problems.Enqueue(messages.Any(m => m.From == "visitor")
                ? $"{Username} was never pushed the visitor's message in {sessionId}, stored after its read"
                : $"{Username} never saw the visitor speak in {sessionId}");
        }
        catch (HubException exception)
        {
            // Closed or moved on meanwhile.
            Log(sessionId, $"GetMessages refused: {exception.Message}");
        }
    }

    private async Task HandleAsync(string sessionId, int roll)
    {
        try
        {
            await Task.Delay(roll % 20);
            // Else full, offline, or itself: closed instead. A transferred session the receiving agent closes.
            if (roll < 20 && await ReleaseAsync(sessionId, "Transfer", new TransferRequest(sessionId, $"agent{roll % _agents}@test")))
            {
                Interlocked.Increment(ref _transfers);
                return;
            }

            // Refused when transferred away or closed meanwhile by a race that routing refused: nothing broken.
            await ReleaseAsync(sessionId, "Close", new CloseRequest(sessionId));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _problems.Enqueue($"{Username}'s call for {sessionId}: {exception.Message}");
        }
    }

    private async Task FlipAndPickAsync(Random random, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(50 + random.Next(150), stop);
                Check(await _connection.InvokeAsync<WorkspaceResult>("GetWorkspace", stop));
                await _connection.InvokeAsync("SetState", new SetStateRequest("Busy"), stop);
                var workspace = await _connection.InvokeAsync<WorkspaceResult>("GetWorkspace", stop);
                Check(workspace);
                if (workspace.Waiting.Items is [var oldest, ..])
                {
                    try
                    {
                        // Handled as any assignment (its push), once the visitor has spoken.
                        await _connection.InvokeAsync<SessionView>("Pick", new SessionRequest(oldest.ServiceSessionId), stop);
                        Interlocked.Increment(ref _picks);
                    }
                    catch (HubException)
                    {
                        // Another agent or the router took it first: the race this test is about.
                    }
                }

                await Task.Delay(random.Next(100), stop);
                await _connection.InvokeAsync("SetState", new SetStateRequest("Online"), stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>A workspace is one read of its node's replica: rule 9 holds in it.</summary>
    private void Check(WorkspaceResult workspace)
    {
        if (workspace.Waiting.Count > 0)
        {
            Interlocked.Increment(ref _waitingSeen);
        }

        if (workspace.Sessions.Count > _capacity)
        {
            _problems.Enqueue($"{Username}'s workspace shows {workspace.Sessions.Count} sessions, more than its maximum {_capacity}");
        }

        if (workspace is { State: "Online", Waiting.Count: > 0 } && workspace.Sessions.Count < _capacity)
        {
            _problems.Enqueue($"{Username}'s workspace shows {workspace.Waiting.Count} sessions waiting while it is Online with {workspace.Sessions.Count} of {_capacity}");
        }
    }

    private TaskCompletionSource VisitorSpokeIn(string sessionId) =>
        _visitorSpoke.GetOrAdd(sessionId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    private void Log(string sessionId, string what) => _log.Enqueue((sessionId, Stopwatch.GetElapsedTime(Started), what));

    private int Next(int max)
    {
        lock (_random)
        {
            return _random.Next(max);
        }
    }

    private static void Add(Dictionary<string, List<long>> times, string sessionId, long at)
    {
        if (!times.TryGetValue(sessionId, out var list))
        {
            times[sessionId] = list = [];
        }

        list.Add(at);
    }
}
