using Xunit.Abstractions;
using Xunit.Sdk;

namespace OptimizerLab.Snapshots;

/// <summary>
/// Reports what a passing snapshot test did that a reviewer should know (a new snapshot written), as an xunit
/// diagnostic message: `dotnet test` prints those (xunit.runner.json turns them on), while a passing test's own output
/// is hidden.
/// </summary>
public sealed class SnapshotReport(IMessageSink sink)
{
    /// <summary>Prints <paramref name="message"/> in the test run's output.</summary>
    public void Tell(string message) => sink.OnMessage(new DiagnosticMessage(message));
}
