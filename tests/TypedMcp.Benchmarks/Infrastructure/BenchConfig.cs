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
