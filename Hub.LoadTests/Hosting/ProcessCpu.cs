using System.Globalization;

namespace KefuHub.LoadTests.Hosting;

/// <summary>A local process's CPU time so far (user + system, from /proc/&lt;pid&gt;/stat).</summary>
internal static class ProcessCpu
{
    // USER_HZ: the unit of /proc's utime and stime, 100 on every Linux this runs on.
    private const double TicksPerSecond = 100;

    public static TimeSpan? Used(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: count fields after it.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / TicksPerSecond);
        }
        catch (IOException)
        {
            return null; // The process is gone.
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
