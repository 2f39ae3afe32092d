using System.Globalization;
using System.Runtime.InteropServices;
using Spectre.Console;

namespace KefuHub.LoadTests.Hosting;

/// <summary>The open-file limit (RLIMIT_NOFILE) bounds the connections one process holds: each is a
/// socket on both sides. Raise the soft limit to the hard one, and warn when that is still short.</summary>
internal static partial class FileLimit
{
    private const int RlimitNofile = 7;

    public static void WarnWhenLow(int connections)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        if (GetRLimit(RlimitNofile, out var limit) != 0)
        {
            return;
        }

        if (limit.Current < limit.Maximum)
        {
            limit.Current = limit.Maximum;
            _ = SetRLimit(RlimitNofile, ref limit);
        }

        // Agents, REST connections and the child's own files need some room beyond the visitors.
        if ((ulong)connections + 1000 > limit.Current)
        {
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture, $"[yellow]The open-file limit is {limit.Current}: {connections} connections need more. Run `ulimit -n {Math.Max(connections * 2, 65536)}` first (as root, or raise the hard limit).[/]");
        }
    }

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit")]
    private static partial int SetRLimit(int resource, ref RLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
