using OptimizerLab.Snapshots.Format;

namespace OptimizerLab.Snapshots.Machinery;

/// <summary>The snapshot text: round trip, layout, and the recorded steps.</summary>
public class CurveSnapshotFormatTests
{
    [Fact]
    public void Rendering_then_parsing_gives_back_every_header_line_and_every_loss_bit()
    {
        double[] awkward = [86.7027359008789, 4.771157427474471E-13, double.Epsilon, 1e-300, 0.1 + 0.2, double.MaxValue, 0, double.NaN, double.PositiveInfinity];
        var points = awkward.Select((loss, i) => new CurvePoint(i * 1000, loss)).ToArray();
        var snapshot = new CurveSnapshot([new("format", "1"), new("summary.failure", "The loss became NaN at step 7: a: b")], points);

        var back = CurveSnapshot.Parse(snapshot.Render());

        back.Header.Should().Equal(snapshot.Header);
        back.Points.Select(p => p.Step).Should().Equal(points.Select(p => p.Step));
        back.Points.Select(p => BitConverter.DoubleToInt64Bits(p.Loss)).Should().Equal(points.Select(p => BitConverter.DoubleToInt64Bits(p.Loss)));
    }

    [Fact]
    public void A_curve_with_learning_rates_gets_a_third_column_and_reads_back()
    {
        var snapshot = new CurveSnapshot([new("format", "1")], [new CurvePoint(0, 2.5, 1e-3), new CurvePoint(10, 0.5, 5e-4)]);
        string text = snapshot.Render();
        text.Should().Contain("step loss lr\n 0 2.5 0.001\n10 0.5 0.0005\n");
        CurveSnapshot.Parse(text).Points.Should().Equal(snapshot.Points);
    }

    [Fact]
    public void The_text_is_lf_only_ascii_digits_and_ends_with_a_newline()
    {
        string text = SampleSnapshots.Curve().Render();
        text.Should().NotContain("\r").And.EndWith("\n");
        text.Should().Contain("\n   0 100\n").And.Contain("\n4999 0.0001\n", "steps are right-aligned and losses use invariant round-trip form");
    }

    [Fact]
    public void Parsing_rejects_a_malformed_line_and_names_it()
    {
        var parse = () => CurveSnapshot.Parse("format: 1\nstep loss\n0 1,5\n");
        parse.Should().Throw<FormatException>().WithMessage("Snapshot line 3 *'0 1,5'*");
    }

    [Fact]
    public void Recorded_steps_are_the_first_eleven_ten_per_decade_every_hundredth_and_the_last()
    {
        var steps = RecordedSteps.For(5000);
        steps.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        steps.Take(11).Should().Equal(Enumerable.Range(0, 11));
        steps.Should().Contain([12, 15, 20, 25, 31, 39, 50, 63, 79, 100, 126, 158, 1000, 1260, 3980]);
        steps.Should().Contain(Enumerable.Range(1, 49).Select(k => 100 * k));
        steps[^1].Should().Be(4999);
        // Small enough to read in a diff: 11 + ~27 log-spaced + 49 hundreds (overlapping) + the last.
        steps.Count.Should().BeLessThan(100);
    }

    [Fact]
    public void A_curve_shorter_than_eleven_steps_records_every_step()
    {
        RecordedSteps.For(1).Should().Equal(0);
        RecordedSteps.For(7).Should().Equal(0, 1, 2, 3, 4, 5, 6);
    }
}
