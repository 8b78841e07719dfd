using OptimizerLab.Lab;
using OptimizerLab.Snapshots.Cases;
using OptimizerLab.Snapshots.Format;
using OptimizerLab.Snapshots.Verification;
using Xunit.Abstractions;

namespace OptimizerLab.Snapshots;

/// <summary>Runs a case from the table and checks its curve against the verified snapshot.</summary>
internal static class SnapshotTheory
{
    public static TheoryData<string> Names(Precision precision)
    {
        var data = new TheoryData<string>();
        foreach (var snapshotCase in SnapshotCases.All.Where(c => c.Spec.Precision == precision)) data.Add(snapshotCase.Name);
        return data;
    }

    public static void Check(string name, ITestOutputHelper output, SnapshotReport report)
    {
        var snapshotCase = SnapshotCases.Named(name);
        var snapshot = SnapshotRunner.Snapshot(snapshotCase);
        var verifier = SnapshotVerifier.Default;
        if (verifier.Verify(name, snapshot) == SnapshotOutcome.Created)
        {
            string message = $"New snapshot written: {verifier.Store.Display(verifier.Store.VerifiedPath(name))} — review it and commit it.";
            output.WriteLine(message);
            report.Tell(message);
        }
    }
}
