using System.Reflection;
using OptimizerLab.Snapshots.Verification;
using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("OptimizerLab.Snapshots.Report.ReportingTestFramework", "OptimizerLab.Snapshots")]

namespace OptimizerLab.Snapshots.Report;

/// <summary>
/// xunit's own framework, plus one step after the last test of the assembly: the run's snapshot report (xunit 2 has no
/// assembly fixture; the assembly runner's end is the one place that runs once, after every test class). The console
/// block is sent as a diagnostic message, which <c>dotnet test</c> prints (xunit.runner.json turns them on).
/// </summary>
public sealed class ReportingTestFramework(IMessageSink messageSink) : XunitTestFramework(messageSink)
{
    /// <inheritdoc />
    protected override ITestFrameworkExecutor CreateExecutor(AssemblyName assemblyName) =>
        new Executor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Executor(AssemblyName assemblyName, ISourceInformationProvider sourceInformationProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkExecutor(assemblyName, sourceInformationProvider, diagnosticMessageSink)
    {
        protected override async void RunTestCases(IEnumerable<IXunitTestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        {
            using var runner = new Runner(TestAssembly, testCases, DiagnosticMessageSink, executionMessageSink, executionOptions);
            await runner.RunAsync().ConfigureAwait(false);
        }
    }

    private sealed class Runner(ITestAssembly testAssembly, IEnumerable<IXunitTestCase> testCases, IMessageSink diagnosticMessageSink,
        IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions)
        : XunitTestAssemblyRunner(testAssembly, testCases, diagnosticMessageSink, executionMessageSink, executionOptions)
    {
        protected override async Task<RunSummary> RunTestCollectionsAsync(IMessageBus messageBus, CancellationTokenSource cancellationTokenSource)
        {
            var summary = await base.RunTestCollectionsAsync(messageBus, cancellationTokenSource).ConfigureAwait(false);
            try
            {
                if (RunReport.Finish(SnapshotStore.Default, Environment.GetEnvironmentVariable) is { } block)
                    DiagnosticMessageSink.OnMessage(new DiagnosticMessage(block));
            }
#pragma warning disable CA1031 // the report must never turn a test run into a crash; say what failed instead
            catch (Exception e)
#pragma warning restore CA1031
            {
                DiagnosticMessageSink.OnMessage(new DiagnosticMessage($"The snapshot report could not be written: {e.GetType().Name}: {e.Message}"));
            }

            return summary;
        }
    }
}
