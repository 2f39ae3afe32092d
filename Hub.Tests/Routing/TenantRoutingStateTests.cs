using System.Text.Json;
using KefuHub.Routing;
using KefuHub.Routing.State;

namespace KefuHub.Tests.Routing;

/// <summary>The state machine without an engine: determinism and deadlines applied by the next command.</summary>
public sealed class TenantRoutingStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<RoutingCommand> Script() =>
    [
        new RoutingCommand.UpsertAgent(T0, "alice", true, 1),
        new RoutingCommand.UpsertAgent(T0, "bob", true, 2),
        new RoutingCommand.ConfigureTenant(T0, new TenantRoutingSettings
        {
            TimePlan = new TimePlan("Asia/Shanghai", [new WorkWindow(1, new TimeOnly(8, 0), new TimeOnly(20, 0))], [new Holiday(new DateOnly(2026, 10, 1))]),
            SpecifiedAgentTimeout = TimeSpan.FromSeconds(30),
        }),
        new RoutingCommand.SetQueue(T0, 1, ["alice", "bob"]),
        new RoutingCommand.SetAgentState(T0, "alice", AgentState.Online),
        new RoutingCommand.AgentConnected(T0, "alice", "c1"),
        new RoutingCommand.AgentDisconnected(T0, "alice", "c1"),
        new RoutingCommand.StartSession(T0, "s1", "v1", 1, null),
        new RoutingCommand.StartSession(T0.AddSeconds(1), "s2", "v2", 1, null),
        new RoutingCommand.StartSession(T0.AddSeconds(2), "s3", "v3", null, "bob"),
        new RoutingCommand.SetAgentState(T0.AddSeconds(3), "bob", AgentState.Online),
        new RoutingCommand.EndSession(T0.AddSeconds(4), RoutingActor.Agent("bob"), "s3"),
        new RoutingCommand.FireDueDeadlines(T0.AddMinutes(2)),
    ];

    [Fact]
    public void Apply_LateCommand_RunsTheDeadlinesDueBeforeIt()
    {
        var state = new TenantRoutingState(1, new RoutingOptions());
        state.Apply(new RoutingCommand.UpsertAgent(T0, "alice", true, 1));
        state.Apply(new RoutingCommand.SetQueue(T0, 1, ["alice"]));
        state.Apply(new RoutingCommand.SetAgentState(T0, "alice", AgentState.Online));
        state.Apply(new RoutingCommand.AgentConnected(T0, "alice", "c1"));
        state.Apply(new RoutingCommand.StartSession(T0, "s1", "v1", 1, null));
        var disconnected = state.Apply(new RoutingCommand.AgentDisconnected(T0, "alice", "c1"));

        // No timer ran; a command 61 s later still sees alice offline and s1 waiting first.
        var late = state.Apply(new RoutingCommand.StartSession(T0.AddSeconds(61), "s2", "v2", 1, null));

        Assert.Equal(T0.AddSeconds(60), disconnected.NextDeadline);
        Assert.Equal(AgentState.Offline, state.GetAgent("alice")!.State);
        Assert.Equal(2, late.Decision.Position!.Position);
        Assert.Contains(late.Events, e => e is RoutingEvent.SessionQueued { Reason: QueueReason.AgentOffline });
    }

    [Fact]
    public void Apply_SameCommandsAfterAJsonRoundTrip_GiveTheSameDecisionsAndState()
    {
        var original = new TenantRoutingState(1, new RoutingOptions());
        var replica = new TenantRoutingState(1, new RoutingOptions());

        foreach (var command in Script())
        {
            var wire = JsonSerializer.Serialize(command);
            var copy = JsonSerializer.Deserialize<RoutingCommand>(wire)!;
            Assert.Equal(command.GetType(), copy.GetType());

            var a = original.Apply(command);
            var b = replica.Apply(copy);
            Assert.Equal(JsonSerializer.Serialize(a.Decision), JsonSerializer.Serialize(b.Decision));
            Assert.Equal(a.Events.Count, b.Events.Count);
        }

        Assert.Equal(original.Settings.TimePlan!.Worktimes, replica.Settings.TimePlan!.Worktimes);
        Assert.Equal(JsonSerializer.Serialize(original.GetAgents()), JsonSerializer.Serialize(replica.GetAgents()));
        Assert.Equal(JsonSerializer.Serialize(original.GetWaiting(100)), JsonSerializer.Serialize(replica.GetWaiting(100)));
        Assert.Empty(original.FindInvariantViolations());
    }

    [Fact]
    public void Apply_TimestampsFromASlowerClock_NeverMoveStateTimeBack()
    {
        var state = new TenantRoutingState(1, new RoutingOptions());
        state.Apply(new RoutingCommand.SetQueue(T0, 1, []));
        state.Apply(new RoutingCommand.StartSession(T0.AddMinutes(1), "s1", "v1", 1, null));

        var earlier = state.Apply(new RoutingCommand.StartSession(T0, "s2", "v2", 1, null));

        Assert.Equal(T0.AddMinutes(1), earlier.Decision.Session!.CreatedAt);
    }
}
