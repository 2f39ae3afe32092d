namespace KefuHub.LoadTests.Framework;

/// <summary>How often a step failed with one error text.</summary>
public sealed record ErrorCount(string Error, long Count);
