using OptimizerLab.Snapshots.Classification;
using OptimizerLab.Snapshots.Format;

namespace OptimizerLab.Snapshots.Verification;

/// <summary>What <see cref="SnapshotVerifier.Verify"/> did when the snapshot did not fail.</summary>
public enum SnapshotOutcome
{
    /// <summary>The received snapshot equals the verified file (sensitivity lines aside).</summary>
    Matched,

    /// <summary>There was no verified file; one was written (only off build servers).</summary>
    Created,

    /// <summary>The snapshot moved: the received file was written (see <see cref="SnapshotCheck"/>).</summary>
    Moved,
}

/// <summary>The result of checking one snapshot: the outcome and, for a move, both files as read.</summary>
public sealed record SnapshotCheck(SnapshotOutcome Outcome, CurveSnapshot? Verified = null, CurveSnapshot? Received = null, SnapshotDifference? Difference = null);

/// <summary>
/// Verify's workflow for curve snapshots. Equal values pass (stale received files are removed; the verified file's
/// <c>sensitivity.*</c> lines are not compared, they are derived). Different values write <c>{name}.received.txt</c>
/// with its own measured sensitivity; the caller classifies the move and fails. A missing snapshot fails on a build
/// server (<c>CI=true</c>) and is written, with its sensitivity, elsewhere.
/// </summary>
/// <param name="store">The folder of snapshots.</param>
/// <param name="onBuildServer">Strict: a missing verified file fails.</param>
/// <param name="measure">Adds the measured rounding sensitivity to a snapshot about to be written (identity in tests of the workflow).</param>
public sealed class SnapshotVerifier(SnapshotStore store, bool onBuildServer, Func<CurveSnapshot, CurveSnapshot>? measure = null)
{
    private readonly Func<CurveSnapshot, CurveSnapshot> _measure = measure ?? (s => s);

    /// <summary>This project's snapshots, strict when the CI environment variable says so.</summary>
    public static SnapshotVerifier For(Func<CurveSnapshot, CurveSnapshot> measure) =>
        new(SnapshotStore.Default, IsBuildServer(Environment.GetEnvironmentVariable), measure);

    /// <summary>The store it reads and writes.</summary>
    public SnapshotStore Store => store;

    /// <summary>True on a build server: <c>CI</c> is <c>true</c> (GitHub Actions, GitLab, Azure Pipelines and most others set it) or <c>1</c>.</summary>
    public static bool IsBuildServer(Func<string, string?> environment) =>
        environment("CI") is { } ci && (ci.Equals("true", StringComparison.OrdinalIgnoreCase) || ci == "1");

    /// <summary>Checks <paramref name="received"/> and throws <see cref="SnapshotMismatchException"/> on a move (with the unclassified message).</summary>
    public SnapshotOutcome Verify(string name, CurveSnapshot received)
    {
        var check = Check(name, received);
        if (check.Outcome != SnapshotOutcome.Moved) return check.Outcome;
        throw new SnapshotMismatchException(check.Difference!.Describe(name, store.Display(store.ReceivedPath(name)), null, SnapshotStore.AcceptCommand));
    }

    /// <summary>Checks <paramref name="received"/> (without sensitivity lines) against the verified snapshot <paramref name="name"/>.</summary>
    public SnapshotCheck Check(string name, CurveSnapshot received)
    {
        string text = received.Render();
        string? verifiedText = store.ReadVerified(name);
        if (verifiedText is null)
        {
            if (!onBuildServer)
            {
                store.WriteVerified(name, _measure(received).Render());
                store.DeleteReceived(name);
                return new SnapshotCheck(SnapshotOutcome.Created);
            }

            store.WriteReceived(name, _measure(received).Render());
            throw new SnapshotMismatchException(
                $"Snapshot {name} has no verified file ({store.Display(store.VerifiedPath(name))}), and on a build server (CI=true) a missing snapshot fails.\n" +
                $"  Run `dotnet test tests/Snapshots` locally (it writes the file), review it and commit it.\n" +
                $"  Received: {store.Display(store.ReceivedPath(name))}");
        }

        CurveSnapshot verified;
        try
        {
            verified = CurveSnapshot.Parse(verifiedText);
        }
        catch (FormatException e)
        {
            store.WriteReceived(name, _measure(received).Render());
            throw new SnapshotMismatchException(
                $"Snapshot {name} changed, and its verified file cannot be read as a snapshot ({e.Message}).\n" +
                $"  Received: {store.Display(store.ReceivedPath(name))}\n" +
                $"  If the change is intended, accept it: {SnapshotStore.AcceptCommand} {name}");
        }

        if (RoundingSensitivity.Strip(verified).Render() == text)
        {
            store.DeleteReceived(name);
            return new SnapshotCheck(SnapshotOutcome.Matched);
        }

        var difference = SnapshotComparison.Compare(RoundingSensitivity.Strip(verified), received);
        var withSensitivity = _measure(received);
        store.WriteReceived(name, withSensitivity.Render());
        if (difference.IsEmpty)
        {
            throw new SnapshotMismatchException(
                $"Snapshot {name} differs from its verified file only in comments or layout (every value is the same).\n" +
                $"  Received: {store.Display(store.ReceivedPath(name))}\n" +
                $"  Accept it: {SnapshotStore.AcceptCommand} {name}");
        }

        return new SnapshotCheck(SnapshotOutcome.Moved, verified, withSensitivity, difference);
    }
}
