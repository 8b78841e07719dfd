using OptimizerLab.Problems;

namespace OptimizerLab.Properties.Engine;

/// <summary>Every problem's analytic gradient agrees with central finite differences of its loss, in float64.</summary>
public class ProblemGradientTests
{
    public static TheoryData<string> Problems() => new() { "ls-sum", "ls-mean", "ls-nobias", "ls-2out", "quadratic", "quadratic-axis", "rosenbrock", "logistic-sum", "logistic-mean-noisy" };

    private static Problem<double> Build(string name) => name switch
    {
        "ls-sum" => LeastSquaresProblem<double>.Seeded(1, rows: 6, inputs: 5),
        "ls-mean" => LeastSquaresProblem<double>.Seeded(2, rows: 6, inputs: 5, reduction: Reduction.Mean),
        "ls-nobias" => LeastSquaresProblem<double>.Seeded(3, rows: 6, inputs: 5, bias: false),
        "ls-2out" => LeastSquaresProblem<double>.Seeded(4, rows: 7, inputs: 4, outputs: 2, reduction: Reduction.Mean),
        "quadratic" => new QuadraticProblem<double>([0.5, 2, 9, 30], seed: 5),
        "quadratic-axis" => new QuadraticProblem<double>([0.5, 2, 9, 30], seed: 6, rotate: false),
        "rosenbrock" => new RosenbrockProblem<double>(4, [-1.2, 1.0, 0.3, -0.7]),
        "logistic-sum" => LogisticRegressionProblem<double>.Seeded(7, rows: 9, inputs: 4, reduction: Reduction.Sum),
        "logistic-mean-noisy" => LogisticRegressionProblem<double>.Seeded(8, rows: 9, inputs: 4, separable: false),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Problems))]
    public void Analytic_gradient_matches_central_differences(string name)
    {
        var problem = Build(name);
        double loss = problem.LossAndGradient();
        problem.Loss().Should().Be(loss, "the full-batch loss and the loss returned with the gradient are the same sum");

        const double h = 1e-6;
        foreach (var parameter in problem.Parameters)
        {
            var analytic = (double[])parameter.Grad.Clone();
            for (int i = 0; i < parameter.Length; i++)
            {
                double original = parameter.Value[i];
                parameter.Value[i] = original + h;
                double up = problem.Loss();
                parameter.Value[i] = original - h;
                double down = problem.Loss();
                parameter.Value[i] = original;
                double numeric = (up - down) / (2 * h);
                // Central differences err by O(h²·f''') + O(eps·f/h) ≈ 1e-8 relative here; 1e-6 leaves room, a wrong term is O(1).
                numeric.Should().BeApproximately(analytic[i], 1e-6 * Math.Max(1, Math.Abs(numeric)), $"{name}: {parameter.Name}[{i}]");
            }
        }
    }

    [Fact]
    public void Minibatches_cover_every_row_once_per_epoch()
    {
        var sampler = new MinibatchSampler(10, batchSize: 4, seed: 9);
        var seen = new List<int>();
        seen.AddRange(sampler.Next().ToArray());
        seen.AddRange(sampler.Next().ToArray());
        seen.AddRange(sampler.Next().ToArray());
        seen.Should().HaveCount(10).And.OnlyHaveUniqueItems().And.BeSubsetOf(Enumerable.Range(0, 10));
    }

    [Fact]
    public void The_least_squares_hessian_is_twice_AtA()
    {
        // H·e_j for the bias coordinate of a sum-reduced problem is 2·Σ_i [x_i, 1]: check it against the data.
        var problem = LeastSquaresProblem<double>.Seeded(8, rows: 3, inputs: 2);
        var e = new double[3];
        e[2] = 1;
        var result = new double[3];
        problem.Hessian.Multiply(e, result);
        var x = problem.X.ToArray();
        result[0].Should().BeApproximately(2 * (x[0] + x[2] + x[4]), 1e-12);
        result[1].Should().BeApproximately(2 * (x[1] + x[3] + x[5]), 1e-12);
        result[2].Should().Be(6);
    }
}
