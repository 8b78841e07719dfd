using Xunit.Abstractions;
using Xunit.Sdk;

namespace OptimizerLab.Properties.Gate;

/// <summary>
/// Passes every message on, rewriting a failed property's message so that it opens with what failed: FsCheck's report
/// starts with "Falsifiable, after n tests (k shrinks)" and seeds, and puts the property's labels and the assertion that
/// threw further down. The full report follows unchanged, replay seed included.
/// </summary>
internal sealed class CauseFirstMessageBus(IMessageBus inner) : IMessageBus
{
    public bool QueueMessage(IMessageSinkMessage message) =>
        inner.QueueMessage(message is ITestFailed failed ? Rewrite(failed) : message);

    public void Dispose()
    {
        // The inner bus belongs to xunit's runner, which disposes it.
    }

    private static TestFailed Rewrite(ITestFailed failed)
    {
        string[] messages = [.. failed.Messages];
        if (messages.Length > 0) messages[0] = FailureReport.CauseFirst(messages[0], messages.Skip(1).FirstOrDefault());
        return new TestFailed(failed.Test, failed.ExecutionTime, failed.Output, failed.ExceptionTypes, messages,
            failed.StackTraces, failed.ExceptionParentIndices);
    }
}
