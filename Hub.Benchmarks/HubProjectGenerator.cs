using System.Reflection;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.CsProj;

namespace KefuHub.Benchmarks;

/// <summary>
/// BenchmarkDotNet's project generator, told where this project file is. The stock one looks for
/// "{assembly name}.csproj", which fails here because the assembly (KefuHub.Benchmarks) and the project
/// file (Hub.Benchmarks.csproj) are named differently.
/// </summary>
/// <remarks>Null paths mean "the dotnet on PATH, the default packages folder", as BenchmarkDotNet itself passes them.</remarks>
internal sealed class HubProjectGenerator(string targetFrameworkMoniker)
    : CsProjGenerator(targetFrameworkMoniker, cliPath: null!, packagesPath: null!, runtimeFrameworkVersion: null!)
{
    /// <summary>The assembly metadata key under which the csproj records its own full path.</summary>
    public const string ProjectPathKey = "BenchmarkProjectPath";

    protected override FileInfo GetProjectFilePath(Type benchmarkTarget, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(benchmarkTarget);
        var path = benchmarkTarget.Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == ProjectPathKey)?.Value;
        return path is not null && File.Exists(path) ? new FileInfo(path) : base.GetProjectFilePath(benchmarkTarget, logger);
    }
}
