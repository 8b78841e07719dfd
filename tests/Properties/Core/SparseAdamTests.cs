using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// SparseAdam's lazy update on dense gradients: what counts as touched (a nonzero element of a vector, a row with any
/// nonzero element of a matrix), what an untouched row keeps, and torch's defaults, messages and step count. Its
/// numbers against PyTorch are pinned by the Regression suite's 1.13 fixtures (<c>SparseAdamFixtureTests</c>).
/// </summary>
public class SparseAdamTests
{
    private static void Step<T>(IOptimizer<T> optimizer, Parameter<T> p, params T[] gradient) where T : unmanaged, IFloatingPointIeee754<T>
    {
        gradient.CopyTo(p.Grad, 0);
        optimizer.Step();
    }

    [Fact]
    public void The_first_step_is_adams_with_the_bias_corrections_folded_into_the_step_size()
    {
        // lr 0.5, betas (0.5, 0.75), eps 1, g = 2: m = 2·0.5 = 1, v = 4·0.25 = 1, step size 0.5·√0.25/0.5 = 0.5,
        // θ = 1 − 0.5·1/(√1 + 1) = 0.75. The untouched second element keeps θ, m and v.
        var p = new Parameter<double>([1, 1], "p");
        var optimizer = new SparseAdam<double>([p], new SparseAdamOptions { Lr = 0.5, Beta1 = 0.5, Beta2 = 0.75, Eps = 1 });
        Step(optimizer, p, 2.0, 0.0);
        p.Value.Should().Equal(0.75, 1);
        optimizer.StateOf(p)!.ExpAvg.Should().Equal(1, 0);
        optimizer.StateOf(p)!.ExpAvgSq.Should().Equal(1, 0);
    }

    [Fact]
    public void An_untouched_element_keeps_its_value_and_moments_while_the_step_count_advances()
    {
        var p = new Parameter<double>([1, 1], "p");
        var optimizer = new SparseAdam<double>([p], new SparseAdamOptions { Lr = 0.5, Beta1 = 0.5, Beta2 = 0.75, Eps = 1 });
        Step(optimizer, p, 2.0, 0.0);
        Step(optimizer, p, 0.0, 0.0); // nothing touched: torch's sparse gradient without indices
        p.Value.Should().Equal(0.75, 1);
        optimizer.StateOf(p)!.ExpAvg.Should().Equal(1, 0);
        optimizer.StateOf(p)!.Step.Should().Be(2);

        // Step 3 touches element 1 for the first time, yet its bias correction is the parameter's: t = 3, not 1.
        // m = 0.5·2 = 1, v = 0.25·4 = 1, step size 0.5·√(1 − 0.75³)/(1 − 0.5³).
        Step(optimizer, p, 0.0, 2.0);
        double stepSize = 0.5 * Math.Sqrt(1 - 0.75 * 0.75 * 0.75) / (1 - 0.5 * 0.5 * 0.5);
        p.Value[0].Should().Be(0.75);
        p.Value[1].Should().Be(1 + -stepSize * (1 / (1 + 1.0)));
    }

    [Fact]
    public void A_matrix_row_with_any_nonzero_gradient_is_updated_whole()
    {
        // Step 1 touches every element; step 2 gives row 0 a gradient only in its first column. As a 2×2 matrix the whole
        // row 0 is touched (torch's rows, as nn.Embedding lists them), so element (0, 1) decays its moments and moves;
        // as a vector of 4 that element is untouched and stays.
        double[] start = [0.5, -0.5, 0.25, -0.25];
        var matrix = new Parameter<double>(start, "m") { Shape = [2, 2] };
        var vector = new Parameter<double>(start, "v");
        var byRow = new SparseAdam<double>([matrix]);
        var byElement = new SparseAdam<double>([vector]);
        foreach (var (optimizer, p) in new[] { (byRow, matrix), (byElement, vector) })
        {
            Step(optimizer, p, 0.1, 0.2, 0.3, 0.4);
            Step(optimizer, p, 0.1, 0.0, 0.0, 0.0);
        }

        byRow.StateOf(matrix)!.ExpAvg[1].Should().Be(0.2 * (1 - 0.9) + (0 - 0.2 * (1 - 0.9)) * (1 - 0.9), "row 0 is touched: m decays toward 0");
        byElement.StateOf(vector)!.ExpAvg[1].Should().Be(0.2 * (1 - 0.9), "element 1 is untouched: m stays");
        matrix.Value[1].Should().NotBe(vector.Value[1]);
        matrix.Value[0].Should().Be(vector.Value[0]);
        matrix.Value[2..].Should().Equal(vector.Value[2..], "row 1 is untouched in both");
    }

    [Fact]
    public void Maximize_steps_on_the_negated_gradient()
    {
        var up = new Parameter<float>([0.5f, -1, 2], "up");
        var down = new Parameter<float>([0.5f, -1, 2], "down");
        var maximizing = new SparseAdam<float>([up], new SparseAdamOptions { Lr = 0.1, Maximize = true });
        var minimizing = new SparseAdam<float>([down], new SparseAdamOptions { Lr = 0.1 });
        for (int t = 0; t < 3; t++)
        {
            Step(maximizing, up, 0.3f, 0, -0.7f);
            Step(minimizing, down, -0.3f, 0, 0.7f);
        }

        up.Value.Should().Equal(down.Value);
        up.Value[0].Should().BeGreaterThan(0.5f);
    }

    [Fact]
    public void The_projected_step_sizes_are_those_reached_while_a_tiny_gradient_touches_every_row()
    {
        // On a plateau the gradient is tiny, not zero: every row stays touched and v decays by β2 a step, as projected.
        var parameters = new[] { new Parameter<double>(6, "a") { Shape = [3, 2] }, new Parameter<double>(2, "b") };
        var optimizer = new SparseAdam<double>(parameters, new SparseAdamOptions { Lr = 0.01 });
        var random = new Random(7);
        for (int step = 0; step < 40; step++)
        {
            foreach (var p in parameters)
                for (int i = 0; i < p.Length; i++) p.Grad[i] = random.NextDouble() * 2 - 1;
            optimizer.Step();
        }

        var projection = optimizer.Dynamics.ProjectStepSizes();
        optimizer.Dynamics.Momentum.Threshold.Should().BeApproximately(38, 1e-12, "Adam's EMA with β1 = 0.9");
        double[] projected = new double[8], actual = new double[8], denominators = new double[8];
        double[]? first = null;
        foreach (var p in parameters) Array.Fill(p.Grad, 1e-30);
        for (int k = 0; k <= 300; k++)
        {
            if (k > 0) optimizer.Step();
            optimizer.Dynamics.ReadStepSizes(actual, denominators);
            projection.StepSizesAt(40 + k, projected);
            for (int i = 0; i < 8; i++) projected[i].Should().BeApproximately(actual[i], 1e-9 * actual[i], $"step {40 + k} value {i}");
            if (k == 0) first = (double[])actual.Clone();
        }

        // v·β2^300 = 0.74·v: every step size has grown by about 1/√0.74 ≈ 1.16.
        for (int i = 0; i < 8; i++) actual[i].Should().BeGreaterThan(1.1 * first![i], $"value {i}'s step size grows while v decays");
    }

    [Fact]
    public void Defaults_are_torchs_and_there_is_no_weight_decay()
    {
        OptimizerCatalog.Describe(new SparseAdamOptions()).Select(kv => $"{kv.Key}={kv.Value}").Should()
            .Equal("lr=0.001", "beta1=0.9", "beta2=0.999", "eps=1E-08", "maximize=false");
    }

    [Theory]
    [InlineData("lr", "-0.001", "Invalid learning rate: -0.001")]
    [InlineData("eps", "0", "Invalid epsilon value: 0.0")]
    [InlineData("betas", "0.9,1", "Invalid beta parameter at index 1: 1.0")]
    [InlineData("betas", "-0.1,0.9", "Invalid beta parameter at index 0: -0.1")]
    public void Invalid_options_are_refused_with_torchs_messages(string key, string value, string message)
    {
        var parse = () => OptimizerCatalog.Options("sparseadam", [KeyValuePair.Create(key, value)]);
        parse.Should().Throw<ArgumentOutOfRangeException>().Which.Message.Should().StartWith(message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    public void Every_width_gives_the_scalar_kernels_bits_with_untouched_rows(int rowLength)
    {
        // Lengths up to 100 cover every tail after whole Vector512 and Vector256 groups (16 and 8 floats); a third of the rows are untouched.
        Check<float>();
        Check<double>();

        void Check<T>() where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int rows = 1; rows * rowLength <= 100; rows++)
            {
                var random = new Random(rows);
                int length = rows * rowLength;
                var start = Enumerable.Range(0, length).Select(_ => T.CreateTruncating(random.NextDouble() - 0.5)).ToArray();
                var gradients = Enumerable.Range(0, 3).Select(_ => Enumerable.Range(0, length)
                    .Select(i => (i / rowLength) % 3 == 0 ? T.Zero : T.CreateTruncating((random.NextDouble() - 0.5) * 1e-2)).ToArray()).ToArray();
                T[] Run(bool scalar)
                {
                    var p = new Parameter<T>(start, "p") { Shape = [rows, rowLength] };
                    var optimizer = new SparseAdam<T>([p], new SparseAdamOptions { Lr = 0.01 });
                    void Steps()
                    {
                        foreach (var g in gradients) Step(optimizer, p, g);
                    }

                    if (scalar) KernelDispatch.WithScalarKernels(Steps);
                    else Steps();
                    return p.Value;
                }

                var reference = Run(scalar: true);
                Run(scalar: false).Should().Equal(reference, $"{typeof(T).Name}, {rows} rows of {rowLength}");
                int untouchedRows = (rows + 2) / 3; // rows 0, 3, 6, …
                reference.Where((v, i) => v != start[i]).Count().Should().Be((rows - untouchedRows) * rowLength, "touched elements move, untouched ones stay");
            }
        }
    }
}
