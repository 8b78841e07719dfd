using OptimizerLab.Lab;
using Xunit.Abstractions;

namespace OptimizerLab.Snapshots;

// One class per precision so that xunit runs the two halves of the table in parallel. The Determinism category puts
// them in .ci/run's reruns with AVX-512 off and with hardware intrinsics off: the same snapshots must pass unchanged.

/// <summary>The float32 half of the snapshot table.</summary>
[Trait("Category", "Determinism")]
public class Float32CurveSnapshots(ITestOutputHelper output, SnapshotReport report) : IClassFixture<SnapshotReport>
{
    public static TheoryData<string> Cases => SnapshotTheory.Names(Precision.Float32);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_curve_matches_its_verified_snapshot(string name) => SnapshotTheory.Check(name, output, report);
}

/// <summary>The float64 half of the snapshot table.</summary>
[Trait("Category", "Determinism")]
public class Float64CurveSnapshots(ITestOutputHelper output, SnapshotReport report) : IClassFixture<SnapshotReport>
{
    public static TheoryData<string> Cases => SnapshotTheory.Names(Precision.Float64);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Loss_curve_matches_its_verified_snapshot(string name) => SnapshotTheory.Check(name, output, report);
}
