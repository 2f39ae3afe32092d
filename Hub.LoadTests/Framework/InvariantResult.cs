namespace KefuHub.LoadTests.Framework;

/// <summary>One check of the hub's state after a scenario; a failed one makes the run exit non-zero.</summary>
public sealed record InvariantResult(string Name, bool Passed, string Detail)
{
    public static InvariantResult Check(string name, bool passed, string detail) => new(name, passed, detail);
}
