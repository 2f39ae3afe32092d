using System.Diagnostics;

namespace KefuHub.LoadTests.Framework;

/// <summary>A timed, named part of a scenario iteration, as NBomber's <c>Step.Run</c>: its latency and
/// outcome go to the step's statistics. An exception is a failed step, not a crash of the run.</summary>
public static class Step
{
    public static async Task<Response> Run(string name, ScenarioContext context, Func<Task<Response>> run)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        var start = Stopwatch.GetTimestamp();
        Response response;
        try
        {
            response = await run();
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing call is a failed step; the run goes on and counts it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            response = Response.Fail(Describe(exception));
        }

        context.Stats.Step(name).Record(response, Stopwatch.GetElapsedTime(start));
        return response;
    }

    /// <summary>Records a latency measured elsewhere, e.g. from a call to a push that it caused.</summary>
    public static void Record(string name, ScenarioContext context, TimeSpan latency, Response response)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Stats.Step(name).Record(response, latency);
    }

    internal static string Describe(Exception exception)
    {
        var inner = exception is AggregateException { InnerException: { } first } ? first : exception;
        var text = $"{inner.GetType().Name}: {inner.Message}";
        return text.Length > 200 ? text[..200] : text;
    }
}
