using OptimizerLab.Kernels;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// Single elements of the Adam and Adadelta kernels against values worked out by hand from torch's formulas, chosen so
/// every intermediate is exact in binary floating point (assertions are bit-exact). Each array is 37 long with the same
/// value everywhere, so the Vector512, Vector256 and one-lane parts of a dispatched run are all checked.
/// </summary>
public class KernelHandComputedStepTests
{
    private const int N = 37;

    private static double[] Filled(double value) => Enumerable.Repeat(value, N).ToArray();

    // No weight decay, not maximized; m = lerp(m, g, 0.5) = g - (g - m)·0.5; v = 0.75·v + (0.25·g)·g; bc2 = 1; step size 1.
    private static AdamScalars<double> Adam(bool amsgrad, double eps) =>
        new()
        {
            Opening = default, Moments = new(OneMinusBeta1: 0.5, Beta2: 0.75, OneMinusBeta2: 0.25), Amsgrad = amsgrad,
            BiasCorrection2Sqrt = 1, Eps = eps, NegStepSize = -1,
        };

    [Fact]
    public void Adam_adds_eps_to_the_denominator()
    {
        // g = 1: m = 1 - 1·0.5 = 0.5, v = 0.25, sqrt(v) = 0.5, denom = 0.5 + 0.5 = 1, p = 0 - 0.5/1 = -0.5.
        double[] p = Filled(0), m = Filled(0), v = Filled(0);
        KernelDispatch.RunElementwise(Adam(amsgrad: false, eps: 0.5), p, Filled(1), m, v);

        p.Should().AllBeEquivalentTo(-0.5);
        m.Should().AllBeEquivalentTo(0.5);
        v.Should().AllBeEquivalentTo(0.25);
    }

    [Fact]
    public void Amsgrad_keeps_the_largest_second_moment_and_divides_by_it()
    {
        double[] p = Filled(0), m = Filled(0), v = Filled(0), vmax = Filled(0);
        var s = Adam(amsgrad: true, eps: 0);

        // Step 1, g = 2: m = 2 - 2·0.5 = 1, v = (0.25·2)·2 = 1, vmax = max(0, 1) = 1, p = 0 - 1/sqrt(1) = -1.
        KernelDispatch.RunElementwise(s, p, Filled(2), m, v, vmax);
        vmax.Should().AllBeEquivalentTo(1.0);
        p.Should().AllBeEquivalentTo(-1.0);

        // Step 2, g = 0.5: m = 0.5 - (0.5 - 1)·0.5 = 0.75, v = 0.75 + (0.125)·0.5 = 0.8125 < 1, so vmax stays 1
        // and p = -1 - 0.75/sqrt(1) = -1.75 (dividing by sqrt(0.8125) instead would give about -1.832).
        KernelDispatch.RunElementwise(s, p, Filled(0.5), m, v, vmax);
        v.Should().AllBeEquivalentTo(0.8125);
        vmax.Should().AllBeEquivalentTo(1.0);
        p.Should().AllBeEquivalentTo(-1.75);
    }

    [Fact]
    public void Adadelta_decays_the_accumulated_update_by_rho_and_adds_the_squared_delta()
    {
        // rho = 0.25, eps = 1, lr = 1, no weight decay.
        var s = new AdadeltaScalars<double> { Opening = default, Rho = 0.25, OneMinusRho = 0.75, Eps = 1, NegLr = -1 };
        double[] p = Filled(0), v = Filled(0), u = Filled(0);

        // Step 1, g = 2: v = 0 + (0.75·2)·2 = 3, delta = sqrt(0 + 1)/sqrt(3 + 1)·2 = 1, u = 0·0.25 + (0.75·1)·1 = 0.75, p = -1.
        KernelDispatch.RunElementwise(s, p, Filled(2), v, u);
        v.Should().AllBeEquivalentTo(3.0);
        u.Should().AllBeEquivalentTo(0.75);
        p.Should().AllBeEquivalentTo(-1.0);

        // Step 2, g = 0: v = 3·0.25 = 0.75, delta = 0, u = 0.75·0.25 + 0 = 0.1875, p unchanged.
        KernelDispatch.RunElementwise(s, p, Filled(0), v, u);
        v.Should().AllBeEquivalentTo(0.75);
        u.Should().AllBeEquivalentTo(0.1875);
        p.Should().AllBeEquivalentTo(-1.0);
    }
}
