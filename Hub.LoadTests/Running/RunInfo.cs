using System.Runtime.InteropServices;

namespace KefuHub.LoadTests.Running;

/// <summary>Where and when a run happened, for the report's header.</summary>
public sealed record RunInfo(DateTimeOffset StartedAt, string CommandLine, string Machine, string LoadAverageAtStart)
{
    public string LoadAverageAtEnd { get; init; } = "";

    public static RunInfo Capture(string commandLine) => new(DateTimeOffset.UtcNow, commandLine, Describe(), LoadAverage());

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private static string Describe()
    {
        var cpu = "?";
        var memory = "?";
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";
            var total = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            memory = $"{long.Parse(total.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1048576.0:F1} GB";
        }
        catch (IOException)
        {
            // Not Linux; the rest still says enough.
        }

        return $"{Environment.ProcessorCount} cores ({cpu}), {memory} RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }
}
