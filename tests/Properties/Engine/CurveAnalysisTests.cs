using OptimizerLab.Analysis;

namespace OptimizerLab.Properties.Engine;

/// <summary>The analysis on synthetic curves whose plateau and rebound steps are known by construction.</summary>
public class CurveAnalysisTests
{
    private static double[] Curve(int plateauAt, int reboundAt, int length, double floor = 1e-12, double level = 1e-4)
    {
        var loss = new double[length];
        for (int t = 0; t < length; t++)
        {
            loss[t] = t < plateauAt ? 100 * Math.Pow(1e-9 / 100, (double)t / plateauAt) * 1.0000001 // just above 1e-9 until plateauAt
                : t < reboundAt ? floor
                : level;
        }

        return loss;
    }

    [Fact]
    public void Finds_plateau_minimum_rebound_and_level()
    {
        var s = CurveAnalysis.Analyze(Curve(plateauAt: 200, reboundAt: 3000, length: 5000));
        s.PlateauStep.Should().Be(200);
        s.MinLoss.Should().Be(1e-12);
        s.MinStep.Should().Be(200);
        s.ReboundStep.Should().Be(3000);
        s.LevelAfterRebound.Should().Be(1e-4);
        s.MonotoneUntil.Should().Be(2999);
        s.DivergedStep.Should().BeNull();
    }

    [Fact]
    public void A_dip_through_the_threshold_is_not_the_plateau()
    {
        // An oscillating descent passes below 1e-9 for 3 steps at 100 and rises 1000× above the dip before settling at 300.
        var loss = Curve(plateauAt: 300, reboundAt: 4000, length: 5000);
        for (int t = 80; t < 300; t++) loss[t] = 1e-8;
        loss[100] = loss[101] = loss[102] = 1e-12;
        var s = CurveAnalysis.Analyze(loss);
        s.PlateauStep.Should().Be(300, "the loss stays below the threshold for PlateauHold (10) steps only from 300");
        s.ReboundStep.Should().Be(4000, "the rise after the dip is the descent, not a rebound");
        var everyValue = CurveAnalysis.Analyze(loss, new CurveAnalysisOptions { PlateauHold = 1 });
        everyValue.PlateauStep.Should().Be(100);
        everyValue.ReboundStep.Should().Be(103, "read as a plateau, the dip's bottom is a floor the loss rises 1000× above");
    }

    [Fact]
    public void A_rise_below_the_factor_is_not_a_rebound()
    {
        var loss = Curve(plateauAt: 100, reboundAt: 400, length: 600, floor: 1e-12, level: 999e-12);
        CurveAnalysis.Analyze(loss).ReboundStep.Should().BeNull("999× the minimum is under the default factor 1000");
        CurveAnalysis.Analyze(loss, new CurveAnalysisOptions { ReboundFactor = 500 }).ReboundStep.Should().Be(400);
    }

    [Fact]
    public void Float64_dust_below_the_floor_is_not_a_rebound()
    {
        var loss = Curve(plateauAt: 100, reboundAt: 400, length: 600, floor: 1e-30, level: 1e-24);
        CurveAnalysis.Analyze(loss).ReboundStep.Should().BeNull("1e-24 is a million times the minimum but under the 1e-20 floor");
    }

    [Fact]
    public void No_plateau_means_no_rebound_even_if_the_loss_rises()
    {
        double[] loss = [10, 5, 1, 0.5, 2000, 3000];
        var s = CurveAnalysis.Analyze(loss);
        s.PlateauStep.Should().BeNull();
        s.ReboundStep.Should().BeNull();
        s.MonotoneUntil.Should().Be(3);
    }

    [Fact]
    public void A_non_finite_loss_marks_divergence_and_is_excluded()
    {
        double[] loss = [10, 1e-10, 1e-11, double.NaN, 5];
        var s = CurveAnalysis.Analyze(loss);
        s.DivergedStep.Should().Be(3);
        s.PlateauStep.Should().Be(1);
        s.MinLoss.Should().Be(1e-11);
    }

    [Fact]
    public void Monotone_window_check()
    {
        double[] loss = [5, 4, 4, 3, 3.5, 2];
        CurveAnalysis.IsMonotoneNonIncreasing(loss, 0, 3).Should().BeTrue();
        CurveAnalysis.IsMonotoneNonIncreasing(loss, 0, 4).Should().BeFalse();
    }
}
