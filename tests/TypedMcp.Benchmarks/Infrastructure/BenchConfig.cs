using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace TypedMcp.Benchmarks.Infrastructure;

/// <summary>
/// Short monitoring job for the expensive benchmarks (generator, analyzer, CSV): 3 warm-up and 10 measured
/// iterations of one invocation each. In-process (no child project to build: the machine is small and shared),
/// memory diagnoser, median column; BenchmarkDotNet's default exporters write markdown and CSV under BenchmarkDotNet.Artifacts/results.
/// </summary>
public sealed class ShortConfig : ManualConfig
{
    public ShortConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithWarmupCount(3)
            .WithIterationCount(10)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Short"));
        Common.Apply(this);
    }
}

/// <summary>
/// The cold generator runs (G1, G4 generator): like <see cref="ShortConfig"/> but 30 warm-up iterations. "Cold" is
/// the generator's state (a new driver and compilation state per invocation), not the JIT's: with 3 warm-ups the
/// methods called once per run were still unoptimised tier-0 code in every measured iteration (tiered compilation
/// promotes a method after 30 calls), which measured the JIT rather than the generator. The compiler server and the
/// IDE run generators many times in one process, so the steady state is what a build pays after its first run.
/// </summary>
public sealed class WarmJitConfig : ManualConfig
{
    public WarmJitConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithWarmupCount(30)
            .WithIterationCount(10)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("WarmJit"));
        Common.Apply(this);
    }
}

/// <summary>Throughput job for the cheap benchmarks (run-time calls, guard decisions): 5 warm-up, 15 measured iterations.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddJob(Job.Default
            .WithWarmupCount(5)
            .WithIterationCount(15)
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithId("Throughput"));
        Common.Apply(this);
    }
}

internal static class Common
{
    public static void Apply(ManualConfig config)
    {
        config.AddDiagnoser(MemoryDiagnoser.Default);
        config.AddColumnProvider(DefaultColumnProviders.Instance);
        config.AddColumn(StatisticColumn.Median);
        config.WithOptions(ConfigOptions.DisableLogFile);
    }
}
