using OptimizerLab.Snapshots.Cases;
using OptimizerLab.Snapshots.Classification;
using OptimizerLab.Snapshots.Format;
using OptimizerLab.Snapshots.Report;
using OptimizerLab.Snapshots.Verification;
using Xunit.Abstractions;

namespace OptimizerLab.Snapshots;

/// <summary>Runs a line of the table (its float32 and float64 case) and checks both curves against their verified snapshots.</summary>
internal static class SnapshotTheory
{
    public static TheoryData<string> Lines(Func<string, bool> which)
    {
        var data = new TheoryData<string>();
        foreach (var (line, _, _) in SnapshotCases.Lines.Where(l => which(l.Line))) data.Add(line);
        return data;
    }

    public static void Check(string line, ITestOutputHelper output, SnapshotReport report)
    {
        var (_, float32, float64) = SnapshotCases.Lines.Single(l => l.Line == line);
        var checks = new Dictionary<string, SnapshotCheck>();
        foreach (var snapshotCase in new[] { float32, float64 })
        {
            var verifier = SnapshotVerifier.For(s => RoundingSensitivity.Measure(snapshotCase, s).AddTo(s));
            var check = verifier.Check(snapshotCase.Name, SnapshotRunner.Snapshot(snapshotCase));
            checks[snapshotCase.Name] = check;
            if (check.Outcome == SnapshotOutcome.Created)
            {
                string message = $"New snapshot written: {verifier.Store.Display(verifier.Store.VerifiedPath(snapshotCase.Name))} — review it and commit it.";
                output.WriteLine(message);
                report.Tell(message);
            }
        }

        (CurveSnapshot, CurveSnapshot)? Moved(SnapshotCase c) =>
            checks[c.Name] is { Outcome: SnapshotOutcome.Moved, Verified: { } v, Received: { } r } ? (v, r) : null;
        var moved32 = Moved(float32);
        var moved64 = Moved(float64);
        if (moved32 is null && moved64 is null)
        {
            RunReport.Record(null, []);
            return;
        }

        var explains = new Dictionary<string, bool?>();
        foreach (var c in new[] { float32, float64 })
            if (checks[c.Name].Verified is { } verified) explains[c.Name] = SpecReplay.Explains(c, verified, checks[c.Name].Difference!);
        var pair = PairMove.Judge(line, moved32, moved64, name => explains.GetValueOrDefault(name));

        var store = SnapshotStore.Default;
        var cases = new List<MovedCase>();
        var messages = new List<string>();
        foreach (var (move, files, c) in new[] { (pair.Float32, moved32, float32), (pair.Float64, moved64, float64) })
        {
            if (move is null || files is not var (verified, received)) continue;
            cases.Add(new MovedCase(move, verified, received));
            string? chartError = TrySaveChart(store, move.Name, verified, received);
            string details = checks[c.Name].Difference!.Describe(move.Name, store.Display(store.ReceivedPath(move.Name)),
                chartError is null ? store.Display(store.ChartPath(move.Name)) : null, $"{SnapshotStore.AcceptCommand} '{line}.*'");
            messages.Add(move.Explanation + "\n" + details + (chartError ?? ""));
        }

        RunReport.Record(pair, cases);
        throw new SnapshotMismatchException(string.Join("\n\n", messages));
    }

    // The chart helps but must never hide the message: a rendering failure is reported in it instead (null: written).
    private static string? TrySaveChart(SnapshotStore store, string name, CurveSnapshot verified, CurveSnapshot received)
    {
        try
        {
            File.WriteAllBytes(store.ChartPath(name), DifferenceChart.Overlay(name, verified, received));
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
