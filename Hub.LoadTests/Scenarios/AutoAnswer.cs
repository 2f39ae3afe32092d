using System.Diagnostics;
using System.Text;
using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Framework;
using KefuHub.LoadTests.Invariants;

namespace KefuHub.LoadTests.Scenarios;

/// <summary>An agent that answers each visitor message <c>q:X</c> at once with <c>a:X</c>: the far end
/// of a round trip. Its sends are acknowledged messages too, recorded as step <c>answer</c>.</summary>
internal static class AutoAnswer
{
    public static void Attach(AgentClient agent, AckLedger acks, StatsCollector stats) =>
        agent.MessageReceived += (a, message) =>
        {
            if (message.From == "visitor" && message.Text?.StartsWith("q:", StringComparison.Ordinal) == true)
            {
                _ = AnswerAsync(a, message.ServiceSessionId, "a:" + message.Text[2..], acks, stats);
            }
        };

    public static string Question(string id) => "q:" + id;

    public static string Answer(string id) => "a:" + id;

    private static async Task AnswerAsync(AgentClient agent, string serviceSessionId, string text, AckLedger acks, StatsCollector stats)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            var ack = await agent.SendAsync(serviceSessionId, "r-" + text, text, CancellationToken.None);
            acks.Acked(serviceSessionId, text, ack);
            stats.Step("answer").Record(Response.Ok(Encoding.UTF8.GetByteCount(text)), Stopwatch.GetElapsedTime(start));
        }
#pragma warning disable CA1031 // a failed answer is a failed step, counted in the report
        catch (Exception exception)
#pragma warning restore CA1031
        {
            stats.Step("answer").Record(Response.Fail(Step.Describe(exception)), Stopwatch.GetElapsedTime(start));
        }
    }
}
