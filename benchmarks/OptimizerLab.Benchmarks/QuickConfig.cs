using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// A short job, in process: 2 warm-up and 7 measured iterations of about 200 ms each, median reported. In process
/// because a separate benchmark build would copy libtorch's 600 MB again and the whole report should take minutes.
/// The median resists the noise of a shared 2-core machine better than the mean.
/// </summary>
public class QuickConfig : ManualConfig
{
    /// <summary>The job every µs-to-ms benchmark uses.</summary>
    public QuickConfig()
        : this(Job.Default
            .WithToolchain(InProcessEmitToolchain.DontLogOutput)
            .WithLaunchCount(1)
            .WithWarmupCount(2)
            .WithIterationCount(7)
            .WithIterationTime(TimeInterval.FromMilliseconds(200))
            .WithId("Quick"))
    {
    }

    /// <summary>The same columns and diagnosers with another job.</summary>
    protected QuickConfig(Job job)
    {
        AddJob(job);
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumnProvider(DefaultColumnProviders.Instance);
        AddColumn(StatisticColumn.Median);
        AddLogger(ConsoleLogger.Default);
        AddExporter(MarkdownExporter.GitHub);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

/// <summary>For runs of seconds (the sweep): one invocation per iteration, 1 warm-up and 3 measured iterations.</summary>
public class SlowConfig : QuickConfig
{
    /// <summary>A monitoring job: each iteration is one call.</summary>
    public SlowConfig()
        : base(Job.Default
            .WithToolchain(InProcessEmitToolchain.DontLogOutput)
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(3)
            .WithId("Slow"))
    {
    }
}
