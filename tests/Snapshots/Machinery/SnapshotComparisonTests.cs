using OptimizerLab.Snapshots.Verification;

namespace OptimizerLab.Snapshots.Machinery;

/// <summary>What the comparison finds and how the failure message says it.</summary>
public class SnapshotComparisonTests
{
    [Fact]
    public void Equal_snapshots_have_no_difference()
    {
        SnapshotComparison.Compare(SampleSnapshots.Curve(), SampleSnapshots.Curve()).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public void A_curve_scaled_from_some_step_on_is_found_from_that_step_with_its_relative_difference()
    {
        var expected = SampleSnapshots.Curve();
        var actual = SampleSnapshots.Curve(scaleFrom: 1.5, fromStep: 300);

        var difference = SnapshotComparison.Compare(expected, actual);

        difference.FirstCurveDifference!.Step.Should().Be(300);
        difference.FirstCurveDifference.Expected.Should().Be(1e-12);
        difference.FirstCurveDifference.Actual.Should().Be(1.5e-12);
        // 1.5·x vs x is a relative difference of 0.5 up to one rounding of the product.
        difference.LargestCurveDifference!.RelativeDifference.Should().BeApproximately(0.5, 1e-12);
        difference.StepsDiffering.Should().Be(RecordedStepsFrom(300));
        difference.LinesDiffering.Should().Be(difference.StepsDiffering, "the header is unchanged");
        difference.SummaryChanges.Should().BeEmpty();
    }

    [Fact]
    public void A_moved_rebound_shows_as_a_summary_change_a_new_meaning_and_the_largest_jump_where_one_curve_rose()
    {
        var difference = SnapshotComparison.Compare(SampleSnapshots.Curve(rebound: 2926), SampleSnapshots.Curve(rebound: 3140));

        difference.SummaryChanges.Should().Equal(new HeaderChange("summary.rebound", "2926", "3140"));
        difference.VerdictChange.Should().NotBeNull();
        difference.FirstCurveDifference!.Step.Should().Be(3000, "the first recorded step at or after 2926");
        difference.LargestCurveDifference!.RelativeDifference.Should().BeApproximately(1e8 - 1, 1e-3);

        string message = difference.Describe("sample.adam.f32", "Curves/sample.adam.f32.received.txt", "Curves/sample.adam.f32.received.png", "accept-command");
        message.Should().Contain("rebound 2926 → 3140")
            .And.Contain("Curves first differ at step 3000: expected 0.0001, actual 1E-12")
            .And.Contain("Largest relative difference 1E+08 at step 3000")
            .And.Contain("Meaning: was \"plateau from step 213, rebound at step 2926\"; now \"plateau from step 213, rebound at step 3140\"")
            .And.Contain("Curves/sample.adam.f32.received.png")
            .And.Contain("accept-command");
        message.Split('\n').Length.Should().BeLessThanOrEqualTo(8, "a reviewer reads it at a glance");
    }

    [Fact]
    public void A_changed_hyper_parameter_is_listed_as_a_spec_change()
    {
        var difference = SnapshotComparison.Compare(SampleSnapshots.Curve(), SampleSnapshots.Curve(beta2: "0.99"));

        difference.SpecChanges.Should().Equal(new HeaderChange("optimizer.beta2", "0.999", "0.99"));
        difference.Describe("x", "r", null, "a").Should().Contain("Run spec: optimizer.beta2 0.999 → 0.99");
    }

    [Fact]
    public void A_changed_learning_rate_is_reported_at_its_first_step_even_where_the_loss_agrees()
    {
        var expected = new Format.CurveSnapshot([], [new(0, 1.0, 1e-3), new(1, 0.5, 1e-3), new(2, 0.25, 1e-3)]);
        var actual = new Format.CurveSnapshot([], [new(0, 1.0, 1e-3), new(1, 0.5, 5e-4), new(2, 0.3, 5e-4)]);

        var difference = SnapshotComparison.Compare(expected, actual);

        difference.FirstLrDifference!.Step.Should().Be(1);
        difference.FirstCurveDifference!.Step.Should().Be(2, "the loss at step 1 was computed before the new lr took effect");
        difference.LinesDiffering.Should().Be(2);
        difference.Describe("x", "r", null, "a").Should().Contain("The learning rate first differs at step 1: expected 0.001, actual 0.0005.");
    }

    [Fact]
    public void Summary_numbers_that_agree_to_four_digits_are_shown_in_full()
    {
        var change = new HeaderChange("prediction.lambda_max", "3040.7176981636", "3040.7176981637");
        var difference = new SnapshotDifference(1, 1, [], [change], null, null, null, null, 0, 0, []);
        difference.Describe("x", "r", null, "a").Should().Contain("lambda_max 3040.7176981636 → 3040.7176981637");
    }

    [Theory]
    [InlineData(2.0, 3.0, 0.5)]
    [InlineData(3.0, 2.0, 0.5)]
    [InlineData(-2.0, -1.0, 1.0)]
    [InlineData(1e-12, 1e-4, 1e8 - 1)]
    [InlineData(1e-4, 1e-12, 1e8 - 1)]
    [InlineData(0.0, 1e-300, double.PositiveInfinity)]
    [InlineData(1.0, double.NaN, double.PositiveInfinity)]
    [InlineData(double.PositiveInfinity, 1.0, double.PositiveInfinity)]
    [InlineData(5.0, 5.0, 0.0)]
    public void Relative_difference_is_symmetric_and_measured_against_the_smaller_value(double expected, double actual, double relative)
    {
        double measured = SnapshotComparison.RelativeDifference(expected, actual);
        if (double.IsInfinity(relative) || relative == 0) measured.Should().Be(relative);
        // A subtraction and a division: two roundings, far below 1e-12 relative.
        else measured.Should().BeApproximately(relative, 1e-12 * relative);
    }

    private static int RecordedStepsFrom(int step) => Format.RecordedSteps.For(5000).Count(t => t >= step);
}
