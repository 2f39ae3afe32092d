using Microsoft.AspNetCore.SignalR;

namespace KefuHub.LoadTests.Baselines;

/// <summary>The framework's floor: a SignalR hub that answers a call with its argument.</summary>
internal sealed class EchoHub : Hub
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "SignalR invokes instance methods only.")]
    public string Echo(string text) => text;
}
