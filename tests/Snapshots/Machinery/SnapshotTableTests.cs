using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Schedules;
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
    public void Every_schedule_in_the_catalog_has_a_snapshot_on_the_seed_problem()
    {
        var scheduled = SnapshotCases.OnProblem("seed").Select(c => c.Spec.Schedule).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        ScheduleCatalog.Names.Keys.Where(name => !scheduled.Contains(name)).Should().BeEmpty("a new schedule needs a line in SnapshotCases");
    }

    [Fact]
    public void Scheduled_cases_record_the_learning_rate_at_every_recorded_step_and_others_do_not()
    {
        var scheduled = SnapshotCases.Named("seed.adam.steplr.step_size=1000_gamma=0.5.f32");
        var shortRun = scheduled with { Spec = scheduled.Spec with { Steps = 2001 } };
        var points = SnapshotRunner.Snapshot(shortRun).Points;
        // StepLR halves the lr every 1000 steps: 1e-3 up to step 999, 5e-4 from 1000, 2.5e-4 from 2000 (exact halvings).
        points.Single(p => p.Step == 900).Lr.Should().Be(1e-3);
        points.Single(p => p.Step == 1000).Lr.Should().Be(5e-4);
        points.Single(p => p.Step == 2000).Lr.Should().Be(2.5e-4);

        var constant = SnapshotCases.Named("seed.adam.f32");
        var constantRun = constant with { Spec = constant.Spec with { Steps = 20 } };
        SnapshotRunner.Snapshot(constantRun).Points.Should().OnlyContain(p => p.Lr == null);
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
            var defaults = OptimizerCatalog.Describe(OptimizerCatalog.DefaultOptions(snapshotCase.Spec.Optimizer));
            foreach (var (option, value) in OptimizerCatalog.Describe(snapshotCase.Spec.NewOptions()).Except(defaults))
                snapshotCase.Name.Should().Contain($"{OptimizerCatalog.TupleOf(option, snapshotCase.Spec.Optimizer) ?? option}=", $"{option}={value} differs from the default");
            if (snapshotCase.Spec.ScheduleSettings.Count > 0) snapshotCase.Name.Should().Contain(CaseLine.NamePart(snapshotCase.Spec.ScheduleSettings));
            if (snapshotCase.Spec.Schedule is { } schedule) snapshotCase.Name.Should().Contain($".{schedule}.");
        }
    }

    [Fact]
    public void A_setting_that_is_not_key_equals_value_is_rejected()
    {
        var expand = () => new CaseLine("seed", "adam", "lr 1e-3").Expand().ToList();
        expand.Should().Throw<ArgumentException>().WithMessage("*'lr'*key=value*");
    }

    [Fact]
    public void A_scheduled_run_advanced_in_pieces_gives_the_same_curve_as_one_run_through()
    {
        var scheduled = SnapshotCases.Named("seed.adam.cycliclr.base_lr=1e-4_max_lr=1e-3_step_size_up=500.f32");
        var shortRun = scheduled with { Spec = scheduled.Spec with { Steps = 1200 } };
        var inPieces = SnapshotRunner.Snapshot(shortRun);
        var throughout = SnapshotWriter.From(shortRun, Experiment.Run(shortRun.Spec));
        inPieces.Points.Select(p => p.Loss).Should().Equal(throughout.Points.Select(p => p.Loss));
        inPieces.Header.Should().Equal(throughout.Header);
    }

    [Fact]
    public void Running_a_case_twice_gives_the_same_snapshot_text()
    {
        var snapshotCase = SnapshotCases.Named("seed.adam.f32");
        var shortRun = snapshotCase with { Spec = snapshotCase.Spec with { Steps = 400 } };
        SnapshotRunner.Snapshot(shortRun).Render().Should().Be(SnapshotRunner.Snapshot(shortRun).Render());
    }
}
