namespace KefuHub.Tests.Node;

/// <summary>How a <c>node</c> run ended: its exit code and everything it wrote.</summary>
internal sealed record NodeRun(int ExitCode, string Output, string Error);
