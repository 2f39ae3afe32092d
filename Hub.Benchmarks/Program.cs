using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains;
using BenchmarkDotNet.Toolchains.DotNetCli;
using KefuHub.Benchmarks;

// Out of process as usual, through a generator that finds Hub.Benchmarks.csproj (see HubProjectGenerator).
// The default job is short (1 launch, 3 warmups, 10 iterations) so that a run fits a shared 2-core machine;
// pass --job to BenchmarkSwitcher for another.
const string Tfm = "net10.0";
var toolchain = new Toolchain(
    "HubCsProj-" + Tfm,
    new HubProjectGenerator(Tfm),
    new DotNetCliBuilder(Tfm, customDotNetCliPath: null!),
    new DotNetCliExecutor(customDotNetCliPath: null!));
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10).WithToolchain(toolchain).AsDefault());
BenchmarkSwitcher.FromAssembly(typeof(HubProtocolBenchmarks).Assembly).Run(args, config);
