using System.Collections.Concurrent;
using KefuHub.Routing;
using KefuHub.Server.Hubs;
using KefuHub.Server.Hubs.Contracts;
using KefuHub.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Npgsql;

namespace KefuHub.Tests.Server.Redis;

/// <summary>
/// What the scale-out stress tests share, whether their nodes are hosts of this process or processes of
/// their own: the load, a visitor's part, and the check of what the database kept.
/// </summary>
public static class ScaleOutStress
{
    public const int Agents = 9;
    public const int Capacity = 3;

    /// <summary>More visitors at once than the agents' 27 places, so that sessions wait and agents race to pick them.</summary>
    public const int VisitorsAtOnce = 40;

    /// <summary>Nine agents carry a thousand sessions: the per-caller call budget lifted, as the load tests do.</summary>
    public static IReadOnlyDictionary<string, string> Limits { get; } = new Dictionary<string, string>
    {
        ["Kefu:Api:VisitorSignUpsPerMinute"] = "100000",
        ["Kefu:Hubs:CallsPerSecond"] = "100000",
        ["Kefu:Hubs:CallBurst"] = "100000",
        ["Kefu:Hubs:CallerCallsPerSecond"] = "100000",
        ["Kefu:Hubs:CallerCallBurst"] = "100000",
    };

    /// <summary>
    /// Starts a session, says one thing and waits until an agent ends it; fails with <paramref name="describe"/>'s
    /// account of the session when that takes longer than <paramref name="timeout"/>.
    /// </summary>
    public static async Task<StressVisit> VisitAsync(
        HubConnection connection, TestVisitor visitor, int index, TimeSpan timeout, Func<string, CancellationToken, Task<string>> describe, CancellationToken cancellationToken)
    {
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var toldOf = new ConcurrentQueue<string>();
        connection.On<SessionStateEvent>(ClientEvents.SessionState, s =>
        {
            toldOf.Enqueue(s.ServiceSessionId);
            if (s.State is "Terminal" or "Abort")
            {
                ended.TrySetResult();
            }
        });
        await connection.StartAsync(cancellationToken);
        var started = await connection.InvokeAsync<StartSessionResult>("StartSession", new StartSessionRequest(), cancellationToken);
        var id = started.ServiceSessionId!;
        var text = $"hello {index}";
        var sent = await connection.InvokeAsync<SendMessageResult>("SendMessage", new SendMessageRequest(id, $"c{index}", "txt", text), cancellationToken);
        try
        {
            await ended.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"session {id} never ended: {await describe(id, cancellationToken)}");
        }

        // One visitor, one session: every state it was told of is of that session.
        Assert.All(toldOf, s => Assert.Equal(id, s));
        return new StressVisit(visitor.VisitorId, id, $"c{index}", sent.Seq, text);
    }

    /// <summary>A session's row as the database has it, to say why a visitor waited in vain.</summary>
    public static async Task<string> DescribeStoredSessionAsync(string connectionString, string sessionId, CancellationToken cancellationToken)
    {
        await using var database = new NpgsqlConnection(connectionString);
        await database.OpenAsync(cancellationToken);
        await using var query = new NpgsqlCommand("SELECT state, agent_user_id FROM sessions WHERE tenant_id = $1 AND service_session_id = $2", database)
        {
            Parameters = { new() { Value = KefuTestServer.TenantId }, new() { Value = sessionId } },
        };
        await using var row = await query.ExecuteReaderAsync(cancellationToken);
        return await row.ReadAsync(cancellationToken)
            ? $"state {(SessionState)row.GetInt32(0)}, agent {(row.IsDBNull(1) ? "none" : row.GetString(1))}"
            : "no row";
    }

    /// <summary>
    /// Read from the database itself: every visitor has exactly its one session, closed by an agent; every
    /// session's messages are numbered 1, 2, 3… without a gap; every acknowledged message is stored once, as sent.
    /// </summary>
    public static async Task<List<string>> FindStoredProblemsAsync(string connectionString, IReadOnlyCollection<StressVisit> visits, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        await using var database = new NpgsqlConnection(connectionString);
        await database.OpenAsync(cancellationToken);
        var sessions = new Dictionary<string, (string VisitorId, SessionState State, string? Agent)>();
        await using (var query = new NpgsqlCommand("SELECT service_session_id, visitor_id, state, agent_user_id FROM sessions WHERE tenant_id = $1", database) { Parameters = { new() { Value = KefuTestServer.TenantId } } })
        await using (var rows = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await rows.ReadAsync(cancellationToken))
            {
                sessions[rows.GetString(0)] = (rows.GetString(1), (SessionState)rows.GetInt32(2), rows.IsDBNull(3) ? null : rows.GetString(3));
            }
        }

        var messages = new Dictionary<string, List<(long Seq, string? ClientMessageId, string? Text)>>();
        await using (var query = new NpgsqlCommand("SELECT service_session_id, seq, client_message_id, text FROM messages WHERE tenant_id = $1 ORDER BY service_session_id, seq", database) { Parameters = { new() { Value = KefuTestServer.TenantId } } })
        await using (var rows = await query.ExecuteReaderAsync(cancellationToken))
        {
            while (await rows.ReadAsync(cancellationToken))
            {
                var id = rows.GetString(0);
                if (!messages.TryGetValue(id, out var list))
                {
                    messages[id] = list = [];
                }

                list.Add((rows.GetInt64(1), rows.IsDBNull(2) ? null : rows.GetString(2), rows.IsDBNull(3) ? null : rows.GetString(3)));
            }
        }

        foreach (var visitor in sessions.GroupBy(s => s.Value.VisitorId).Where(v => v.Count() > 1))
        {
            problems.Add($"visitor {visitor.Key} has {visitor.Count()} sessions: {string.Join(", ", visitor.Select(s => s.Key))}");
        }

        foreach (var (id, list) in messages)
        {
            if (!list.Select(m => m.Seq).SequenceEqual(Enumerable.Range(1, list.Count).Select(i => (long)i)))
            {
                problems.Add($"session {id} has messages numbered {string.Join(", ", list.Select(m => m.Seq))}");
            }
        }

        foreach (var visit in visits)
        {
            if (!sessions.TryGetValue(visit.SessionId, out var session))
            {
                problems.Add($"session {visit.SessionId} is not in the database");
                continue;
            }

            if (session is not { State: SessionState.Terminal, Agent: not null } || session.VisitorId != visit.VisitorId)
            {
                problems.Add($"session {visit.SessionId} of {visit.VisitorId} is stored as {session}");
            }

            var stored = messages.GetValueOrDefault(visit.SessionId) ?? [];
            if (stored.Count(m => m.ClientMessageId == visit.ClientMessageId) != 1 || !stored.Contains((visit.Seq, visit.ClientMessageId, visit.Text)))
            {
                problems.Add($"acknowledged message {visit.SessionId} seq {visit.Seq} is stored as [{string.Join(", ", stored.Where(m => m.ClientMessageId == visit.ClientMessageId))}]");
            }
        }

        if (sessions.Count != visits.Count)
        {
            problems.Add($"the database has {sessions.Count} sessions for {visits.Count} visitors");
        }

        return problems;
    }
}
