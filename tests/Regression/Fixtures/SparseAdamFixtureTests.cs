using System.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Regression.Fixtures;

/// <summary>
/// <see cref="SparseAdam{T}"/> against PyTorch 1.13's <c>torch.optim.SparseAdam</c> (TorchSharp has none): W (8 × 2)
/// trained for 50 steps on minibatches of a sparse design, torch handed a sparse gradient of the rows each batch uses.
/// We are fed torch's dense gradient of each step; the moments then agree bit for bit (same element operations on the
/// same gradients), the moments of untouched rows stay, and the bias correction counts every step of the parameter.
/// The manifest marks the case as agreeing with 2.x (its <c>sparse_adam</c> does the same element operations and adds
/// maximize).
/// </summary>
/// <remarks>
/// The one scalar that differs is the step size lr·√(1 − β2^t)/(1 − β1^t): torch raises β to the power t with libm's
/// <c>pow</c> (within 1 ulp), we square repeatedly (<see cref="Numerics.DeterministicMath"/>), which rounds at most
/// 2·⌊log2 t⌋ + 1 times. 1 − β^t magnifies a relative error of β^t by β^t/(1 − β^t) (about 1000/t for β2 = 0.999), the
/// square root halves bc2's share. In float32 that is far below one rounding of the step size and the parameters are
/// equal bit for bit over all 50 steps; in float64 each step starts from torch's parameters and may differ from torch's
/// next ones by <see cref="StepSizeUlps"/> ulps of the update plus one rounding of θ (measured: one ulp at a few steps).
/// </remarks>
public class SparseAdamFixtureTests
{
    [Fact]
    public void Parameters_match_PyTorch_after_each_step_in_double_up_to_the_rounding_of_beta_to_the_t() => Compare<double>("SparseAdam.lr0.01.f64", bitExact: false);

    [Fact]
    public void Parameters_match_PyTorch_bit_for_bit_after_every_step_in_float() => Compare<float>("SparseAdam.lr0.01.f32", bitExact: true);

    /// <summary>Ulps (of the update) by which our step size may differ from torch's at step t: see the class remarks.</summary>
    private static double StepSizeUlps(long t, double beta1, double beta2)
    {
        double roundings = 2 * Math.Floor(Math.Log2(t)) + 2; // our squarings and torch's pow
        double b1 = Math.Pow(beta1, t), b2 = Math.Pow(beta2, t);
        return roundings * (b1 / (1 - b1) + 0.5 * b2 / (1 - b2)) + 2; // + the rounding of the step size and of the product
    }

    private static void Compare<T>(string name, bool bitExact) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fixture = PyTorchFixtures.Case("optimizers", name);
        PyTorchFixtures.AgreesWith2x(fixture).Should().BeTrue();
        var arrays = fixture["arrays"]!;
        var w0 = PyTorchFixtures.Read<T>($"{name}/{(string)arrays["W0"]!}");
        var parameters = PyTorchFixtures.Read<T>($"{name}/{(string)arrays["params"]!}");
        var gradients = PyTorchFixtures.Read<T>($"{name}/{(string)arrays["grads"]!}");
        var touched = PyTorchFixtures.Read<double>($"{name}/{(string)arrays["touched_rows"]!}");
        int rows = w0.Rows, columns = w0.Columns;

        var weight = new Parameter<T>(w0.Data, "W") { Shape = [rows, columns] };
        var optimizer = new SparseAdam<T>([weight], new SparseAdamOptions { Lr = 0.01 });
        int untouchedRowSteps = 0;
        for (int t = 0; t < gradients.Rows; t++)
        {
            var gradient = gradients.Data.AsSpan(t * gradients.Columns, gradients.Columns);
            for (int r = 0; r < rows; r++)
            {
                bool nonzero = gradient.Slice(r * columns, columns).ContainsAnyExcept(T.Zero);
                nonzero.Should().Be(touched[t, r] == 1, $"{name}: at step {t + 1} row {r} has a nonzero gradient exactly when torch's sparse gradient lists it");
                if (!nonzero) untouchedRowSteps++;
            }

            var before = parameters.Data.AsSpan(t * parameters.Columns, parameters.Columns);
            var after = parameters.Data.AsSpan((t + 1) * parameters.Columns, parameters.Columns).ToArray();
            if (!bitExact) before.CopyTo(weight.Value); // each step from torch's parameters: differences do not pile up
            gradient.CopyTo(weight.Grad);
            optimizer.Step();
            if (bitExact)
            {
                weight.Value.Should().Equal(after, $"{name}: W after step {t + 1}");
                continue;
            }

            double epsilon = double.CreateTruncating(T.BitIncrement(T.One) - T.One);
            double ulps = StepSizeUlps(t + 1, 0.9, 0.999);
            for (int i = 0; i < after.Length; i++)
            {
                double ours = double.CreateTruncating(weight.Value[i]), theirs = double.CreateTruncating(after[i]);
                double update = Math.Abs(theirs - double.CreateTruncating(before[i]));
                Math.Abs(ours - theirs).Should().BeLessThanOrEqualTo(epsilon * (Math.Abs(theirs) + ulps * update),
                    $"{name}: W[{i}] after step {t + 1} ({ulps:F0} ulps of its update {update:E2} allowed)");
            }
        }

        untouchedRowSteps.Should().BeGreaterThan(gradients.Rows, "the fixture must leave rows untouched for the lazy update to show");
        optimizer.StateOf(weight)!.Step.Should().Be(gradients.Rows);
    }
}
