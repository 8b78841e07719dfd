using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;

namespace OptimizerLab.Properties.Engine;

/// <summary>
/// How the lab runs an optimizer that evaluates several times per step (L-BFGS): one recorded loss per step, the
/// first evaluation's (torch's <c>step(closure)</c> return value), and every further evaluation on the step's batch.
/// </summary>
public class ClosureStepTests
{
    [Fact]
    public void Re_evaluating_a_minibatch_uses_the_batch_just_drawn_and_does_not_advance_the_sampler()
    {
        var problem = LeastSquaresProblem<double>.Seeded(0, rows: 32, inputs: 20, batchSize: 8);
        var twin = LeastSquaresProblem<double>.Seeded(0, rows: 32, inputs: 20, batchSize: 8);
        double first = problem.LossAndGradient();
        var gradient = problem.Parameters.SelectMany(p => p.Grad).ToArray();
        problem.Parameters[0].Grad.AsSpan().Clear();
        problem.LossAndGradientOnSameBatch().Should().Be(first);
        problem.Parameters.SelectMany(p => p.Grad).Should().Equal(gradient);

        twin.LossAndGradient();
        problem.LossAndGradient().Should().Be(twin.LossAndGradient(), "the sampler moved one batch, not two");
        problem.LossAndGradient().Should().NotBe(first, "another batch gives another loss");
    }

    [Fact]
    public void The_run_records_the_first_evaluation_of_each_step()
    {
        var spec = new RunSpec
        {
            Optimizer = "lbfgs",
            Options = new LbfgsOptions { MaxIter = 4, LineSearchFn = "strong_wolfe" },
            Precision = Precision.Float64,
            Steps = 6,
            Problem = new ProblemSpec("seed", new Dictionary<string, string> { ["n"] = "16", ["d_in"] = "10", ["batch"] = "8" }),
        };
        var result = Experiment.Run(spec, spec.Problem.Build<double>(spec.Seed));

        var problem = spec.Problem.Build<double>(spec.Seed);
        var lbfgs = new Lbfgs<double>(problem.Parameters, new LbfgsOptions { MaxIter = 4, LineSearchFn = LbfgsOptions.StrongWolfe });
        var expected = new double[spec.Steps];
        int evaluations = 0;
        double Closure()
        {
            evaluations++;
            return problem.LossAndGradientOnSameBatch();
        }

        for (int t = 0; t < spec.Steps; t++)
        {
            expected[t] = problem.LossAndGradient();
            lbfgs.Step(expected[t], Closure);
        }

        result.Records.Loss.Should().Equal(expected);
        evaluations.Should().BeGreaterThan(spec.Steps, "each step evaluates again");
    }
}
