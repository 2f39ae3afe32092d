using System.Collections.Concurrent;
using System.Diagnostics;

namespace KefuHub.LoadTests.Hosting;

/// <summary>Every process the run started, killed at the end of the run, on Ctrl+C and on exit.</summary>
internal static class ChildProcesses
{
    private static readonly ConcurrentDictionary<int, Process> Started = new();

    static ChildProcesses()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public static Process Start(ProcessStartInfo start)
    {
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        Started[process.Id] = process;
        return process;
    }

    public static void Kill(Process process)
    {
        if (Started.FirstOrDefault(p => ReferenceEquals(p.Value, process)) is { Value: not null } entry)
        {
            Started.TryRemove(entry.Key, out _);
        }
        else
        {
            return; // already killed and disposed
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    public static void KillAll()
    {
        foreach (var process in Started.Values)
        {
            Kill(process);
        }
    }
}
