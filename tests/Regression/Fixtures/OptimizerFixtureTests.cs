using System.Numerics;
using System.Text.RegularExpressions;
using OptimizerLab.Data;
using OptimizerLab.Optimizers;
using OptimizerLab.Regression.Parity;
using OptimizerLab.TestTable;
using Xunit.Abstractions;

namespace OptimizerLab.Regression.Fixtures;

/// <summary>
/// Rprop and ASGD against real PyTorch 1.13 (fixtures of <c>tools/pytorch-fixtures/generate.py</c>): 50 steps on a
/// least-squares problem, fed torch's gradient of each step, compared with torch's parameters and state after every
/// step, in float32 and float64. The cases are the ones each optimizer's test-table entry names; each must agree with
/// PyTorch 2.x's single-tensor path (the CPU default), as the manifest says; the options come from its settings text.
/// </summary>
/// <remarks>
/// Rprop must match bit for bit: its update is products by exactly ±1 or 0, one product and a clamp per step size, so
/// no operation can round differently. ASGD matches η and μ bit for bit (torch rounds both to float32, as we do); its
/// parameters may differ where libtorch fuses <c>add_(grad, alpha=-eta)</c> (and the weight decay's
/// <c>add(param, alpha=wd)</c>) into one multiply-add (its AVX2 kernels do) while we round twice: at most one ulp of
/// the update per fused operation, plus one ulp of θ for the two sides rounding θ apart, accumulated over the steps
/// (each side gets torch's gradient, so a difference is carried forward but never fed back through the loss). That is
/// <see cref="ParityTolerance"/>'s bound with U = 2 and R = 2·(1 + [wd ≠ 0]); the average ax is a convex combination of
/// past θ and adds its own two roundings per step.
/// </remarks>
public partial class OptimizerFixtureTests(ITestOutputHelper output)
{
    /// <summary>The optimizers this comparison knows (fed torch's gradients, one step per row); their entries name the fixtures.</summary>
    private static readonly string[] Optimizers = ["rprop", "asgd"];

    private static string[] CaseNames() => Optimizers.SelectMany(o => OptimizerTable.Of(o).PyTorchFixtures).ToArray();

    public static TheoryData<string> Cases() => new(CaseNames());

    [Fact]
    public void Both_optimizers_have_cases_in_both_precisions() =>
        CaseNames().Should().Contain(["Rprop.defaults.f32", "Rprop.defaults.f64", "ASGD.defaults.f32", "ASGD.defaults.f64"])
            .And.HaveCount(8, "two settings of each optimizer, each in two precisions");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_step_matches_PyTorch(string name)
    {
        var fixture = PyTorchFixtures.Case("optimizers", name);
        PyTorchFixtures.AgreesWith2x(fixture).Should().BeTrue($"{name} is used for parity only if PyTorch 2.x computes the same");
        if ((string)fixture["dtype"]! == "float32") Run<float>(name);
        else Run<double>(name);
    }

    /// <summary>
    /// Torch's settings text as catalog settings: <c>Rprop(lr=0.05, etas=(0.3, 1.5), step_sizes=(1e-4, 0.2))</c> →
    /// rprop with <c>lr=0.05 etas=0.3,1.5 step_sizes=1e-4,0.2</c>.
    /// </summary>
    internal static (string Optimizer, OptimizerOptions Options) Parse(string settings)
    {
        var call = CallPattern().Match(settings);
        call.Success.Should().BeTrue($"'{settings}' is Name(key=value, ...)");
        string optimizer = call.Groups["name"].Value.ToLowerInvariant();
        var pairs = ArgumentPattern().Matches(call.Groups["args"].Value)
            .Select(m => KeyValuePair.Create(m.Groups["key"].Value, m.Groups["value"].Value.Trim('(', ')').Replace(" ", "")));
        return (optimizer, OptimizerCatalog.Options(optimizer, pairs));
    }

    private void Run<T>(string name) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fixture = PyTorchFixtures.Case("optimizers", name);
        var (optimizerName, options) = Parse((string)fixture["settings"]!);
        Array2D<T> Read(string key) => PyTorchFixtures.Read<T>($"{name}/{(string)fixture["arrays"]![key]!}");
        var x0 = Read("x0");
        var grads = Read("grads");
        var parameters = Read("params");
        var state = Read("state");

        var p = new Parameter<T>(x0.Data.ToArray(), "x");
        var optimizer = OptimizerCatalog.Create(optimizerName, [p], options);
        bool exact = optimizerName == "rprop";
        double updateUlps = 2 * (1 + (options is AsgdOptions { WeightDecay: not 0 } ? 1 : 0));
        double eps = ParityTolerance.Epsilon<T>();
        int n = p.Length;
        double tolerance = 0, axTolerance = 0, worst = 0;
        for (int t = 1; t <= grads.Rows; t++)
        {
            var before = p.Value.ToArray();
            grads.Data.AsSpan((t - 1) * n, n).CopyTo(p.Grad);
            optimizer.Step();

            var theirs = parameters.Data.AsSpan(t * n, n).ToArray();
            var torchState = state.Data.AsSpan((t - 1) * state.Columns, state.Columns).ToArray();
            if (exact)
            {
                p.Value.Should().Equal(theirs, $"{name}: θ after step {t}");
                ((RpropState<T>)StateOf(optimizer, p)).StepSize.Should().Equal(torchState, $"{name}: step_size after step {t}");
                continue;
            }

            double scale = theirs.Max(v => Math.Abs(double.CreateTruncating(v)));
            double update = p.Value.Zip(before).Max(pair => Math.Abs(double.CreateTruncating(pair.First - pair.Second)));
            tolerance += eps * (2 * Math.Max(1, scale) + updateUlps * update);
            var asgd = (AsgdState<T>)StateOf(optimizer, p);
            axTolerance = Math.Max(axTolerance, tolerance) + eps * 2 * Math.Max(1, asgd.Ax.Max(v => Math.Abs(double.CreateTruncating(v))));
            for (int i = 0; i < n; i++)
            {
                double difference = Math.Abs(double.CreateTruncating(p.Value[i] - theirs[i]));
                worst = Math.Max(worst, difference / tolerance);
                difference.Should().BeLessThanOrEqualTo(tolerance, $"{name}: θ[{i}] after step {t} (ours {p.Value[i]}, torch {theirs[i]})");
                Math.Abs(double.CreateTruncating(asgd.Ax[i] - torchState[i])).Should().BeLessThanOrEqualTo(axTolerance, $"{name}: ax[{i}] after step {t}");
            }

            asgd.Eta[0].Should().Be(torchState[n], $"{name}: eta after step {t}");
            asgd.Mu[0].Should().Be(torchState[n + 1], $"{name}: mu after step {t}");
        }

        output.WriteLine(exact ? $"{name}: bit-identical at all {grads.Rows} steps" : $"{name}: worst |difference|/tolerance {worst:E3}; tolerance after step {grads.Rows}: {tolerance:E3}");
    }

    private static ParamState<T> StateOf<T>(IOptimizer<T> optimizer, Parameter<T> p) where T : unmanaged, IFloatingPointIeee754<T> => optimizer switch
    {
        Rprop<T> rprop => rprop.StateOf(p)!,
        Asgd<T> asgd => asgd.StateOf(p)!,
        _ => throw new InvalidOperationException($"no state reader for {optimizer.Name}"),
    };

    [GeneratedRegex(@"^(?<name>\w+)\((?<args>.*)\)$")]
    private static partial Regex CallPattern();

    [GeneratedRegex(@"(?<key>\w+)=(?<value>\([^)]*\)|[^,]+)")]
    private static partial Regex ArgumentPattern();
}
