namespace KefuHub.LoadTests.Scenarios;

/// <summary>Set-up and tear-down work (connecting hundreds of clients) with bounded parallelism.</summary>
// The body comes last, as in Parallel.ForEachAsync's own overloads, so call sites read top to bottom.
#pragma warning disable CA1068
internal static class ScenarioParallel
{
    public const int SetUpParallelism = 32;

    public static Task ForAsync(int count, CancellationToken cancellationToken, Func<int, CancellationToken, ValueTask> body) =>
        Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = SetUpParallelism, CancellationToken = cancellationToken }, body);

    public static Task ForEachAsync<T>(IEnumerable<T> items, CancellationToken cancellationToken, Func<T, CancellationToken, ValueTask> body) =>
        Parallel.ForEachAsync(items, new ParallelOptions { MaxDegreeOfParallelism = SetUpParallelism, CancellationToken = cancellationToken }, body);
}
#pragma warning restore CA1068
