namespace KefuHub.Server.Api.Easemob;

/// <summary><c>{"status":"OK"}</c>, the answer of Easemob's calls that return nothing else.</summary>
public sealed record StatusBody(string Status)
{
    public static IResult Ok { get; } = Results.Json(new StatusBody("OK"));
}
