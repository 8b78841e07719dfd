using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Properties.Core;

/// <summary>
/// L-BFGS's defaults, messages, closure contract, line search and state (torch/optim/lbfgs.py). Its steps against
/// PyTorch itself: <c>tests/Regression/Fixtures/LbfgsFixtureTests</c>.
/// </summary>
public class LbfgsTests
{
    [Fact]
    public void Defaults_are_torchs_and_max_eval_is_filled_in_when_built()
    {
        var o = new LbfgsOptions();
        (o.Lr, o.MaxIter, o.MaxEval, o.ToleranceGrad, o.ToleranceChange, o.HistorySize, o.LineSearchFn)
            .Should().Be((1.0, 20, (int?)null, 1e-7, 1e-9, 100, (string?)null));
        OptimizerCatalog.Describe(o).Select(p => p.Key).Should().Equal(
            "lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size", "line_search_fn");
        var lbfgs = new Lbfgs<float>([new Parameter<float>(1)], new LbfgsOptions { MaxIter = 3 });
        lbfgs.Name.Should().Be("LBFGS");
        lbfgs.Group.Options.MaxEval.Should().Be(3, "torch's max_iter * 5 // 4");
        new Lbfgs<float>([new Parameter<float>(1)]).Group.Options.MaxEval.Should().Be(25);
    }

    [Fact]
    public void Catalog_settings_parse_whole_numbers_None_and_the_line_search_by_name()
    {
        var o = (LbfgsOptions)OptimizerCatalog.Options("lbfgs",
            [new("max_iter", "5"), new("max_eval", "None"), new("history_size", "7"), new("line_search_fn", "strong_wolfe")]);
        (o.MaxIter, o.MaxEval, o.HistorySize, o.LineSearchFn).Should().Be((5, (int?)null, 7, LbfgsOptions.StrongWolfe));
        OptimizerCatalog.Describe(o).Should().Contain(new KeyValuePair<string, string>("max_eval", "None"));

        var fraction = () => OptimizerCatalog.Options("lbfgs", [new("max_iter", "2.5")]);
        fraction.Should().Throw<ArgumentException>().WithMessage("Option 'max_iter' of lbfgs takes a whole number like 20; got '2.5'.");
        var noneForInt = () => OptimizerCatalog.Options("lbfgs", [new("history_size", "None")]);
        noneForInt.Should().Throw<ArgumentException>().WithMessage("Option 'history_size' of lbfgs takes a whole number like 20; got 'None'.");
    }

    [Theory]
    [InlineData("lr", "-1", "Invalid learning rate: -1.0")]
    [InlineData("line_search_fn", "backtracking", "only 'strong_wolfe' is supported")]
    [InlineData("history_size", "0", "Invalid history_size value: 0 (at least 1)")]
    [InlineData("max_iter", "0", "Invalid max_iter value: 0 (at least 1)")]
    [InlineData("max_eval", "0", "Invalid max_eval value: 0 (at least 1, or None)")]
    [InlineData("tolerance_grad", "-1e-7", "Invalid tolerance_grad value: -1e-07")]
    [InlineData("tolerance_change", "nan", "Invalid tolerance_change value: nan")]
    public void Invalid_options_fail_naming_the_option(string name, string value, string message)
    {
        var build = () => OptimizerCatalog.Options("lbfgs", [new(name, value)]);
        var thrown = build.Should().Throw<ArgumentOutOfRangeException>().Which;
        thrown.ParamName.Should().Be(name);
        thrown.Message.Should().StartWith(message);
    }

    [Fact]
    public void More_than_one_group_and_a_step_without_closure_are_refused_as_torch_does()
    {
        var groups = () => new Lbfgs<double>([
            new ParamGroup<double, LbfgsOptions>([new Parameter<double>(1)], new LbfgsOptions()),
            new ParamGroup<double, LbfgsOptions>([new Parameter<double>(1)], new LbfgsOptions())]);
        groups.Should().Throw<ArgumentException>().WithMessage("LBFGS doesn't support per-parameter options (parameter groups)*");

        var lbfgs = new Lbfgs<double>([new Parameter<double>(1)]);
        var bare = () => lbfgs.Step();
        bare.Should().Throw<InvalidOperationException>().WithMessage("*needs a closure*");
    }

    [Fact]
    public void Step_returns_the_first_loss_and_stops_at_the_minimum_of_a_quadratic()
    {
        // f(x) = ½ Σ c_i x_i², c = (1, 10): L-BFGS with unit steps runs to max|g| ≤ 1e-12 (no loss-change stop).
        var x = new Parameter<double>([3.0, -2.0], "x");
        double[] c = [1, 10];
        var lbfgs = new Lbfgs<double>([x], new LbfgsOptions { MaxIter = 50, ToleranceGrad = 1e-12, ToleranceChange = 0 });
        int calls = 0;
        double Closure()
        {
            calls++;
            for (int i = 0; i < 2; i++) x.Grad[i] = c[i] * x.Value[i];
            return 0.5 * (c[0] * x.Value[0] * x.Value[0] + c[1] * x.Value[1] * x.Value[1]);
        }

        lbfgs.Step(Closure).Should().Be(24.5, "the loss at θ0, before the step");
        calls.Should().BeGreaterThan(2).And.BeLessThanOrEqualTo(62, "at most max_eval = 50·5/4 evaluations");
        x.Value.Select(Math.Abs).Max().Should().BeLessThan(1e-12);
        lbfgs.State!.FunctionEvaluations.Should().Be(calls);
        lbfgs.StepsTaken.Should().Be(1);

        // At the minimum the next step evaluates once and stops (max|g| ≤ tolerance_grad).
        int before = calls;
        lbfgs.Step(Closure);
        calls.Should().Be(before + 1);
    }

    [Theory]
    [InlineData(0.01, 3.3147150900481854, -2.7816450459197166, 8)]
    [InlineData(1.0, 3.346020126526362, -2.78411924958026, 4)]
    [InlineData(20.0, 3.4253965193886935, -2.7830817323994252, 3)]
    public void The_strong_Wolfe_search_takes_torchs_trial_steps(double t0, double t, double loss, int evaluations)
    {
        // f(x) = Σ x⁴/4 − x² + x/2 from x = (0, 0.1) along d = −∇f. Expected values: PyTorch 1.13's _strong_wolfe on
        // the same function in float64 (t0 = 0.01 extrapolates six times, then zooms; 20 brackets at once).
        double[] x = [0, 0.1];
        var (f, g) = Quartic(x);
        double[] d = [-g[0], -g[1]];
        double gtd = g[0] * d[0] + g[1] * d[1];
        var found = StrongWolfeLineSearch.Search<double>(s => Quartic([x[0] + s * d[0], x[1] + s * d[1]]), d, t0, f, g, gtd, 1e-9);
        found.Evaluations.Should().Be(evaluations);
        found.Step.Should().BeApproximately(t, 1e-12);
        found.Loss.Should().BeApproximately(loss, 1e-12);
        double gtdNew = found.Grad[0] * d[0] + found.Grad[1] * d[1];
        found.Loss.Should().BeLessThanOrEqualTo(f + 1e-4 * found.Step * gtd, "sufficient decrease");
        Math.Abs(gtdNew).Should().BeLessThanOrEqualTo(-0.9 * gtd, "the strong curvature condition");
    }

    [Theory]
    [InlineData(2, 2, 0.0, 5.0, 1.4271859936427322, -0.5436432701277323, 5)]
    [InlineData(0.5, 4, 0.5, 0.1, 27.427735661884228, -0.9532879172730776, 12)]
    public void The_zoom_moves_a_trial_off_the_bracket_end_as_torch_does(double a, int p, double x0, double t0, double t, double loss, int evaluations)
    {
        // f(x) = a·(x − 1)^p + sin(3x), one variable, along d = −f'(x0): PyTorch 1.13's _strong_wolfe moves a trial
        // that falls on or near the bracket's end (after insufficient progress) 10% inside it on both.
        (double, double[]) Evaluate(double x) => (a * Math.Pow(x - 1, p) + Math.Sin(3 * x), [a * p * Math.Pow(x - 1, p - 1) + 3 * Math.Cos(3 * x)]);
        var (f, g) = Evaluate(x0);
        double[] d = [-g[0]];
        var found = StrongWolfeLineSearch.Search<double>(s => Evaluate(x0 + s * d[0]), d, t0, f, g, g[0] * d[0], 1e-9);
        found.Evaluations.Should().Be(evaluations);
        found.Step.Should().BeApproximately(t, 1e-9 * t);
        found.Loss.Should().BeApproximately(loss, 1e-12);
    }

    [Theory]
    [InlineData(0, 1, -2, 1, 0.5, 1, double.NaN, double.NaN, 2.0 / 3)]
    [InlineData(0, 1, -2, 1, 0.5, 1, 0.2, 0.3, 0.3)]
    [InlineData(1, 0.5, 1, 0, 1, -2, double.NaN, double.NaN, 2.0 / 3)]
    [InlineData(0, 0, 4, 1, 2, 4, double.NaN, double.NaN, 0.5)] // d1² < g1·g2: no minimiser, the midpoint
    public void Cubic_interpolation_finds_the_cubics_minimiser_within_the_bounds(
        double x1, double f1, double g1, double x2, double f2, double g2, double low, double high, double expected)
    {
        (double, double)? bounds = double.IsNaN(low) ? null : (low, high);
        StrongWolfeLineSearch.CubicInterpolate(x1, f1, g1, x2, f2, g2, bounds).Should().BeApproximately(expected, 1e-15);
    }

    [Fact]
    public void State_round_trip_continues_with_the_same_bits()
    {
        var (a, closureA) = Rosenbrock<float>();
        var (b, closureB) = Rosenbrock<float>();
        var options = new LbfgsOptions { MaxIter = 4, HistorySize = 3, LineSearchFn = LbfgsOptions.StrongWolfe };
        var first = new Lbfgs<float>(a, options);
        for (int i = 0; i < 3; i++) first.Step(closureA);
        var second = new Lbfgs<float>(b, options);
        for (int i = 0; i < a.Length; i++) a[i].Value.CopyTo(b[i].Value, 0);
        second.LoadState(JsonNode.Parse(first.SaveState().ToJsonString())!);
        second.State!.HistoryLength.Should().Be(3, "the history filled up and dropped its oldest pairs");
        second.State.FunctionEvaluations.Should().Be(first.State!.FunctionEvaluations);
        for (int i = 0; i < 3; i++) first.Step(closureA).Should().Be(second.Step(closureB));
        b.SelectMany(p => p.Value).Should().Equal(a.SelectMany(p => p.Value));
    }

    [Fact]
    public void The_state_lives_on_the_first_parameter_under_torchs_keys_plus_its_two_counts()
    {
        var (parameters, closure) = Rosenbrock();
        var lbfgs = new Lbfgs<double>(parameters, new LbfgsOptions { HistorySize = 5 });
        lbfgs.Step(closure);
        var groups = lbfgs.SaveState()["groups"]![0]!["parameters"]!.AsArray();
        groups[0]!["state"]!.AsObject().Select(kv => kv.Key).Should().Equal(
            "step", "d", "t", "old_dirs", "old_stps", "ro", "H_diag", "prev_flat_grad", "history_length", "func_evals");
        groups[0]!["state"]!["old_dirs"]!.AsArray().Count.Should().Be(5 * 2, "history_size rows of all parameters' values");
        groups[1]!["state"].Should().BeNull("torch keeps L-BFGS's state on the first parameter only");
    }

    [Fact]
    public void A_state_for_another_history_size_or_without_its_counts_is_refused_and_changes_nothing()
    {
        var (a, closure) = Rosenbrock();
        var saved = new Lbfgs<double>(a, new LbfgsOptions { HistorySize = 3 });
        saved.Step(closure);
        var target = new Lbfgs<double>(a, new LbfgsOptions { HistorySize = 4 });
        var other = () => target.LoadState(saved.SaveState());
        other.Should().Throw<InvalidDataException>();
        target.State.Should().BeNull();

        var same = new Lbfgs<double>(a, new LbfgsOptions { HistorySize = 3 });
        var state = saved.SaveState();
        state["groups"]![0]!["parameters"]![0]!["state"]!.AsObject().Remove("func_evals");
        var missing = () => same.LoadState(state);
        missing.Should().Throw<InvalidDataException>().WithMessage("*lacks \"func_evals\"*");
        same.State.Should().BeNull();
        same.StepsTaken.Should().Be(0);
    }

    [Fact]
    public void A_non_finite_first_gradient_throws_or_skips_the_step_by_policy()
    {
        var x = new Parameter<double>([1.0, 2.0], "x");
        double Closure()
        {
            x.Grad[0] = 1;
            x.Grad[1] = double.NaN;
            return 1;
        }

        var throwing = () => new Lbfgs<double>([x]).Step(Closure);
        throwing.Should().Throw<NonFiniteGradientException>().WithMessage("*x.grad[1] = NaN*");

        var skipping = new Lbfgs<double>([x]) { NonFiniteGradients = NonFiniteGradientPolicy.SkipStep };
        skipping.Step(Closure(), Closure).Should().Be(StepOutcome.SkippedNonFiniteGradient);
        x.Value.Should().Equal(1.0, 2.0);
        skipping.StepsTaken.Should().Be(0);
    }

    private static (double Loss, double[] Grad) Quartic(double[] x)
    {
        double f = 0;
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            f += x[i] * x[i] * x[i] * x[i] / 4 - x[i] * x[i] + 0.5 * x[i];
            g[i] = x[i] * x[i] * x[i] - 2 * x[i] + 0.5;
        }

        return (f, g);
    }

    /// <summary>Rosenbrock in two parameters (a, b) from (−1.5, 2), with its closure.</summary>
    private static (Parameter<T>[] Parameters, Func<double> Closure) Rosenbrock<T>() where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var a = new Parameter<T>([T.CreateTruncating(-1.5)], "a");
        var b = new Parameter<T>([T.CreateTruncating(2.0)], "b");
        double Closure()
        {
            T one = T.One, hundred = T.CreateTruncating(100);
            T u = one - a.Value[0], v = b.Value[0] - a.Value[0] * a.Value[0];
            a.Grad[0] = -(u + u) - T.CreateTruncating(400) * a.Value[0] * v;
            b.Grad[0] = T.CreateTruncating(200) * v;
            return double.CreateTruncating(u * u + hundred * v * v);
        }

        return ([a, b], Closure);
    }

    private static (Parameter<double>[] Parameters, Func<double> Closure) Rosenbrock() => Rosenbrock<double>();
}
