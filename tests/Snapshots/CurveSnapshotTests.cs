using Xunit.Abstractions;

namespace OptimizerLab.Snapshots;

// A test per line of the table checks its float32 and float64 case together (the float64 twin decides whether a move is
// above rounding). The seed problem is most of the work, so it has a class of its own; xunit runs the classes in
// parallel. The Determinism category puts them in .ci/run's reruns with AVX-512 off and with hardware intrinsics off.

/// <summary>The lines of the table on the seed problem.</summary>
[Trait("Category", "Determinism")]
public class SeedCurveSnapshots(ITestOutputHelper output, SnapshotReport report) : IClassFixture<SnapshotReport>
{
    public static TheoryData<string> Cases => SnapshotTheory.Lines(line => line.StartsWith("seed.", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_curves_match_their_verified_snapshots(string line) => SnapshotTheory.Check(line, output, report);
}

/// <summary>The lines of the table on the other problems.</summary>
[Trait("Category", "Determinism")]
public class OtherCurveSnapshots(ITestOutputHelper output, SnapshotReport report) : IClassFixture<SnapshotReport>
{
    public static TheoryData<string> Cases => SnapshotTheory.Lines(line => !line.StartsWith("seed.", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_curves_match_their_verified_snapshots(string line) => SnapshotTheory.Check(line, output, report);
}
