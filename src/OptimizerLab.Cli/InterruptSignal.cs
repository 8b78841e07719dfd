using System.Runtime.InteropServices;

namespace OptimizerLab.Cli;

/// <summary>
/// While held, turns the first Ctrl-C (SIGINT) into a cancellation the command finishes on cleanly; a second Ctrl-C
/// is left to the default handling, which ends the process at once (the files written so far are complete either way).
/// </summary>
/// <remarks>
/// Not System.CommandLine's own handling (<c>InvocationConfiguration.ProcessTerminationTimeout</c>): that needs async
/// actions through <c>InvokeAsync</c>, and when the action overruns its timeout it returns 130 while the action still
/// runs; here the command itself decides when it has stopped, and what it prints.
/// </remarks>
internal sealed class InterruptSignal : IDisposable
{
    private readonly PosixSignalRegistration _registration;

    private InterruptSignal(CancellationTokenSource source) =>
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            if (source.IsCancellationRequested) return;
            context.Cancel = true;
            source.Cancel();
        });

    /// <summary>Cancels <paramref name="source"/> at the first SIGINT until disposed.</summary>
    public static InterruptSignal Catch(CancellationTokenSource source) => new(source);

    public void Dispose() => _registration.Dispose();
}
