using System.Globalization;

namespace KefuHub.LoadTests.Hosting;

/// <summary>A local process's memory from /proc: resident set (VmRSS) and proportional set (Pss of
/// smaps_rollup, shared pages divided among their users), in bytes.</summary>
internal static class ProcessMemory
{
    public static long? ResidentBytes(int pid) => Read($"/proc/{pid}/status", "VmRSS:");

    public static long? ProportionalBytes(int pid) => Read($"/proc/{pid}/smaps_rollup", "Pss:");

    private static long? Read(string path, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith(key, StringComparison.Ordinal))
                {
                    var kilobytes = line[key.Length..].Trim().Split(' ')[0];
                    return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
            // The process is gone.
        }
        catch (UnauthorizedAccessException)
        {
            // Not ours to read.
        }

        return null;
    }
}
