using OptimizerLab.Snapshots.Format;

namespace OptimizerLab.Snapshots.Verification;

/// <summary>What <see cref="SnapshotVerifier.Verify"/> did when the snapshot did not fail.</summary>
public enum SnapshotOutcome
{
    /// <summary>The received snapshot equals the verified file byte for byte.</summary>
    Matched,

    /// <summary>There was no verified file; one was written (only off build servers).</summary>
    Created,
}

/// <summary>
/// Verify's workflow for curve snapshots. Equal text passes (and stale received files are removed). Different text
/// writes <c>{name}.received.txt</c> and an overlay chart <c>{name}.received.png</c>, then fails with a message that
/// says what moved. A missing snapshot fails on a build server (<c>CI=true</c>) and is written and reported elsewhere.
/// </summary>
public sealed class SnapshotVerifier(SnapshotStore store, bool onBuildServer)
{
    /// <summary>This project's snapshots, strict when the CI environment variable says so.</summary>
    public static SnapshotVerifier Default { get; } = new(SnapshotStore.Default, IsBuildServer(Environment.GetEnvironmentVariable));

    /// <summary>The store it reads and writes.</summary>
    public SnapshotStore Store => store;

    /// <summary>True on a build server: <c>CI</c> is <c>true</c> (GitHub Actions, GitLab, Azure Pipelines and most others set it) or <c>1</c>.</summary>
    public static bool IsBuildServer(Func<string, string?> environment) =>
        environment("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    /// <summary>Checks <paramref name="received"/> against the verified snapshot <paramref name="name"/>; throws <see cref="SnapshotMismatchException"/> when it fails.</summary>
    public SnapshotOutcome Verify(string name, CurveSnapshot received)
    {
        string text = received.Render();
        string? verifiedText = store.ReadVerified(name);
        if (verifiedText is null)
        {
            if (!onBuildServer)
            {
                store.WriteVerified(name, text);
                store.DeleteReceived(name);
                return SnapshotOutcome.Created;
            }

            store.WriteReceived(name, text);
            string? error = TrySaveChart(name, null, received, null);
            throw new SnapshotMismatchException(
                $"Snapshot {name} has no verified file ({store.Display(store.VerifiedPath(name))}), and on a build server (CI=true) a missing snapshot fails.\n" +
                $"  Run `dotnet test tests/Snapshots` locally (it writes the file), review it and commit it.\n" +
                $"  Received: {store.Display(store.ReceivedPath(name))}" + (error ?? $"; chart: {store.Display(store.ChartPath(name))}"));
        }

        if (verifiedText == text)
        {
            store.DeleteReceived(name);
            return SnapshotOutcome.Matched;
        }

        store.WriteReceived(name, text);
        CurveSnapshot verified;
        try
        {
            verified = CurveSnapshot.Parse(verifiedText);
        }
        catch (FormatException e)
        {
            throw new SnapshotMismatchException(
                $"Snapshot {name} changed, and its verified file cannot be read as a snapshot ({e.Message}).\n" +
                $"  Received: {store.Display(store.ReceivedPath(name))}\n" +
                $"  If the change is intended, accept all received snapshots: {SnapshotStore.AcceptCommand}");
        }

        var difference = SnapshotComparison.Compare(verified, received);
        if (difference.IsEmpty)
        {
            throw new SnapshotMismatchException(
                $"Snapshot {name} differs from its verified file only in comments or layout (every value is the same).\n" +
                $"  Received: {store.Display(store.ReceivedPath(name))}\n" +
                $"  Accept all received snapshots: {SnapshotStore.AcceptCommand}");
        }

        string? chartError = TrySaveChart(name, verified, received, difference);
        string? chart = chartError is null ? store.Display(store.ChartPath(name)) : null;
        throw new SnapshotMismatchException(
            difference.Describe(name, store.Display(store.ReceivedPath(name)), chart, SnapshotStore.AcceptCommand) + chartError);
    }

    // The chart helps but must never hide the message: a rendering failure is reported in it instead (null: written).
    private string? TrySaveChart(string name, CurveSnapshot? verified, CurveSnapshot received, SnapshotDifference? difference)
    {
        try
        {
            OverlayChart.Save(name, verified, received, difference, store.ChartPath(name));
            return null;
        }
#pragma warning disable CA1031 // any rendering failure (native library, fonts) only loses the chart
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"\n  (The overlay chart could not be written: {e.GetType().Name}: {e.Message})";
        }
    }
}
