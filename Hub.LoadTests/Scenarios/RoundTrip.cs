using System.Diagnostics;
using System.Text;
using KefuHub.LoadTests.Client;
using KefuHub.LoadTests.Framework;
using KefuHub.LoadTests.Invariants;

namespace KefuHub.LoadTests.Scenarios;

/// <summary>One visitor → agent → visitor exchange, as the chat and soak scenarios time it: steps
/// <c>send</c> (acknowledgement), <c>deliver</c> (to the agent's push) and <c>round-trip</c> (to the
/// visitor's push of the answer), both latencies counted from the send.</summary>
internal static class RoundTrip
{
    private static readonly TimeSpan PushTimeout = TimeSpan.FromSeconds(10);

    public static async Task<Response> RunAsync(VisitorClient visitor, AgentClient agent, string id, AckLedger acks, ScenarioContext context)
    {
        var question = AutoAnswer.Question(id);
        var answer = AutoAnswer.Answer(id);
        var delivered = agent.Messages.Expect(question);
        var answered = visitor.Messages.Expect(answer);
        var start = Stopwatch.GetTimestamp();
        var sent = await Step.Run("send", context, async () =>
        {
            acks.Acked(visitor.SessionId!, question, await visitor.SendAsync("v-" + id, question, context.CancellationToken));
            return Response.Ok(Encoding.UTF8.GetByteCount(question));
        });
        if (!sent.IsOk)
        {
            agent.Messages.Forget(question);
            visitor.Messages.Forget(answer);
            return sent;
        }

        var deliver = await AwaitPushAsync("deliver", delivered, question, agent.Messages, start, context);
        if (!deliver.IsOk)
        {
            visitor.Messages.Forget(answer);
            return deliver;
        }

        return await AwaitPushAsync("round-trip", answered, answer, visitor.Messages, start, context);
    }

    private static async Task<Response> AwaitPushAsync(string step, Task<Wire.MessageEvent> push, string text, TextWaiters waiters, long start, ScenarioContext context)
    {
        Response response;
        try
        {
            await push.WaitAsync(PushTimeout, context.CancellationToken);
            response = Response.Ok(Encoding.UTF8.GetByteCount(text));
        }
        catch (TimeoutException)
        {
            waiters.Forget(text);
            response = Response.Fail($"no push within {PushTimeout.TotalSeconds:0} s");
        }

        Step.Record(step, context, Stopwatch.GetElapsedTime(start), response);
        return response;
    }
}
