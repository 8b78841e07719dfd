using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Snapshots.Cases;
using OptimizerLab.Snapshots.Format;

namespace OptimizerLab.Snapshots.Machinery;

/// <summary>The table of cases: complete, unambiguous, and every case reproducible.</summary>
public class SnapshotTableTests
{
    [Fact]
    public void Every_optimizer_in_the_catalog_has_a_snapshot_on_every_problem_of_the_table_in_both_precisions()
    {
        var problems = SnapshotCases.All.Select(c => c.Spec.Problem.Kind).Distinct().ToArray();
        var missing =
            from problem in problems
            from optimizer in OptimizerCatalog.Names
            from precision in new[] { Precision.Float32, Precision.Float64 }
            where !SnapshotCases.All.Any(c => c.Spec.Problem.Kind == problem && c.Spec.Optimizer == optimizer && c.Spec.Precision == precision)
            select $"{problem}/{optimizer}/{precision}";
        missing.Should().BeEmpty("a new optimizer needs a line in SnapshotCases");
    }

    [Fact]
    public void Case_names_are_unique_and_safe_file_names_on_every_os()
    {
        var names = SnapshotCases.All.Select(c => c.Name).ToArray();
        names.Should().OnlyHaveUniqueItems();
        char[] forbidden = ['<', '>', ':', '"', '/', '\\', '|', '?', '*', ' '];
        names.Should().OnlyContain(name => name.IndexOfAny(forbidden) < 0);
    }

    [Fact]
    public void Every_case_spec_is_valid_and_names_its_settings()
    {
        foreach (var snapshotCase in SnapshotCases.All)
        {
            snapshotCase.Spec.Validate();
            foreach (var (key, value) in snapshotCase.Spec.OptimizerSettings) snapshotCase.Name.Should().Contain($"{key}={value}");
        }
    }

    [Fact]
    public void A_setting_that_is_not_key_equals_value_is_rejected()
    {
        var expand = () => new CaseLine("seed", "adam", "lr 1e-3").Expand().ToList();
        expand.Should().Throw<ArgumentException>().WithMessage("*'lr'*key=value*");
    }

    [Fact]
    public void Running_a_case_twice_gives_the_same_snapshot_text()
    {
        var snapshotCase = SnapshotCases.Named("seed.adam.f32");
        var shortRun = snapshotCase with { Spec = snapshotCase.Spec with { Steps = 400 } };
        string first = SnapshotWriter.From(shortRun, Experiment.Run(shortRun.Spec)).Render();
        string second = SnapshotWriter.From(shortRun, Experiment.Run(shortRun.Spec)).Render();
        second.Should().Be(first);
    }
}
