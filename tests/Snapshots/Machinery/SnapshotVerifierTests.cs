using OptimizerLab.Snapshots.Format;
using OptimizerLab.Snapshots.Verification;

namespace OptimizerLab.Snapshots.Machinery;

/// <summary>Verify's workflow on a temporary folder: create, match, mismatch, strict on build servers, accept, orphans.</summary>
public sealed class SnapshotVerifierTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Locally_a_missing_snapshot_is_written_as_verified_and_the_test_passes()
    {
        var store = new SnapshotStore(_folder.Path);
        new SnapshotVerifier(store, onBuildServer: false).Verify("a", SampleSnapshots.Curve()).Should().Be(SnapshotOutcome.Created);
        store.ReadVerified("a").Should().Be(SampleSnapshots.Curve().Render());
        File.Exists(store.ReceivedPath("a")).Should().BeFalse();
    }

    [Fact]
    public void On_a_build_server_a_missing_snapshot_fails_writes_the_received_file_and_no_verified_one()
    {
        var store = new SnapshotStore(_folder.Path);
        var verify = () => new SnapshotVerifier(store, onBuildServer: true).Verify("a", SampleSnapshots.Curve());

        verify.Should().Throw<SnapshotMismatchException>().WithMessage("Snapshot a has no verified file*CI=true*");
        File.Exists(store.VerifiedPath("a")).Should().BeFalse();
        File.ReadAllText(store.ReceivedPath("a")).Should().Be(SampleSnapshots.Curve().Render());
    }

    [Fact]
    public void A_match_passes_and_removes_stale_received_files()
    {
        var store = new SnapshotStore(_folder.Path);
        store.WriteVerified("a", SampleSnapshots.Curve().Render());
        store.WriteReceived("a", "stale");
        File.WriteAllText(store.ChartPath("a"), "stale");

        new SnapshotVerifier(store, onBuildServer: true).Verify("a", SampleSnapshots.Curve()).Should().Be(SnapshotOutcome.Matched);

        File.Exists(store.ReceivedPath("a")).Should().BeFalse();
        File.Exists(store.ChartPath("a")).Should().BeFalse();
    }

    [Fact]
    public void A_mismatch_fails_with_the_summary_change_and_writes_the_received_file()
    {
        var store = new SnapshotStore(_folder.Path, displayRoot: _folder.Path);
        store.WriteVerified("a", SampleSnapshots.Curve(rebound: 2926).Render());

        var verify = () => new SnapshotVerifier(store, onBuildServer: false).Verify("a", SampleSnapshots.Curve(rebound: 3140));

        verify.Should().Throw<SnapshotMismatchException>()
            .WithMessage("Snapshot a changed: * lines differ.*rebound 2926 → 3140*Received: a.received.txt*");
        store.ReadVerified("a").Should().Be(SampleSnapshots.Curve(rebound: 2926).Render(), "a failing run never touches the verified file");
        File.ReadAllText(store.ReceivedPath("a")).Should().Be(SampleSnapshots.Curve(rebound: 3140).Render());
    }

    [Fact]
    public void Crlf_line_ends_in_a_verified_file_do_not_count_as_a_change()
    {
        var store = new SnapshotStore(_folder.Path);
        File.WriteAllText(store.VerifiedPath("a"), SampleSnapshots.Curve().Render().Replace("\n", "\r\n", StringComparison.Ordinal));
        new SnapshotVerifier(store, onBuildServer: true).Verify("a", SampleSnapshots.Curve()).Should().Be(SnapshotOutcome.Matched);
    }

    [Fact]
    public void A_verified_file_that_is_not_a_snapshot_fails_with_a_message_saying_so()
    {
        var store = new SnapshotStore(_folder.Path);
        store.WriteVerified("a", "not a snapshot");
        var verify = () => new SnapshotVerifier(store, onBuildServer: false).Verify("a", SampleSnapshots.Curve());
        verify.Should().Throw<SnapshotMismatchException>().WithMessage("*cannot be read as a snapshot*");
    }

    [Fact]
    public void Accepting_moves_every_received_snapshot_over_its_verified_one_and_removes_the_charts()
    {
        var store = new SnapshotStore(_folder.Path);
        store.WriteVerified("a", "old a");
        store.WriteReceived("a", "new a");
        File.WriteAllText(store.ChartPath("a"), "png");
        store.WriteReceived("b", "new b");

        store.AcceptAll().Should().Equal("a", "b");

        store.ReadVerified("a").Should().Be("new a");
        store.ReadVerified("b").Should().Be("new b");
        store.ReceivedNames().Should().BeEmpty();
        File.Exists(store.ChartPath("a")).Should().BeFalse();
    }

    [Fact]
    public void Globs_pick_received_snapshots_by_name_and_accept_or_reject_only_those()
    {
        var store = new SnapshotStore(_folder.Path);
        foreach (string name in new[] { "seed.adam.f32", "seed.adam.f64", "seed.adamw.f32", "rosenbrock.adam.f32" })
        {
            store.WriteVerified(name, "old");
            store.WriteReceived(name, "new " + name);
        }

        store.MatchReceived(["seed.adam.*"]).Should().Equal("seed.adam.f32", "seed.adam.f64");
        store.MatchReceived(["*.f32", "seed.adam.f6?"]).Should().Equal("rosenbrock.adam.f32", "seed.adam.f32", "seed.adam.f64", "seed.adamw.f32");
        store.MatchReceived([]).Should().HaveCount(4);

        store.Accept(store.MatchReceived(["seed.adam.*"]));
        store.Reject(store.MatchReceived(["rosenbrock.*"]));

        store.ReadVerified("seed.adam.f64").Should().Be("new seed.adam.f64");
        store.ReadVerified("rosenbrock.adam.f32").Should().Be("old", "rejecting keeps the verified file");
        store.ReceivedNames().Should().Equal("seed.adamw.f32");
    }

    [Fact]
    public void Orphans_are_the_verified_snapshots_no_case_produces()
    {
        var store = new SnapshotStore(_folder.Path);
        foreach (string name in new[] { "kept", "gone", "also.gone" }) store.WriteVerified(name, "x");
        store.WriteReceived("received.only", "x");

        store.Orphans(["kept", "never.written"]).Should().Equal("also.gone", "gone");
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("TRUE", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData(null, false)]
    public void The_CI_variable_makes_the_suite_strict(string? value, bool strict)
    {
        SnapshotVerifier.IsBuildServer(name => name == "CI" ? value : null).Should().Be(strict);
    }

    [Fact]
    public void The_default_store_is_this_projects_Curves_folder_and_shows_paths_from_the_repository_root()
    {
        var store = SnapshotStore.Default;
        Path.GetFileName(store.Directory).Should().Be("Curves");
        File.Exists(Path.Combine(store.Directory, "..", "OptimizerLab.Snapshots.csproj")).Should().BeTrue();
        store.Display(store.VerifiedPath("x")).Should().Be("tests/Snapshots/Curves/x.verified.txt");
    }
}
