namespace KefuHub.LoadTests.Framework;

/// <summary>What one step (or one scenario iteration) came to, as NBomber's <c>Response</c>.</summary>
/// <param name="SizeBytes">Bytes the step moved (sent plus received), for the report's data column.</param>
public readonly record struct Response(bool IsOk, long SizeBytes, string? Error)
{
    public static Response Ok(long sizeBytes = 0) => new(true, sizeBytes, null);

    public static Response Fail(string error, long sizeBytes = 0) => new(false, sizeBytes, error);
}
