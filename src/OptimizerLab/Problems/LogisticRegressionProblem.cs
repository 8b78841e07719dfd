using System.Numerics;
using OptimizerLab.Data;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Problems;

/// <summary>
/// Binary logistic regression, a linear layer D → 1 with bias under torch's <c>BCEWithLogitsLoss</c>:
/// <code>
/// z_i = x_i·w + b,   loss = s · Σ_i [max(z_i, 0) − y_i·z_i + ln(1 + e^(−|z_i|))]   (s = 1 for sum, 1/batch for mean)
/// ∂loss/∂w = s · Σ_i (σ(z_i) − y_i)·x_i,   ∂loss/∂b = s · Σ_i (σ(z_i) − y_i)
/// </code>
/// z is computed in T; the logistic terms in double with <see cref="DeterministicMath"/> (no libm), then rounded to T.
/// </summary>
public sealed class LogisticRegressionProblem<T> : Problem<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _x;
    private readonly T[] _y;
    private readonly Parameter<T> _weight;
    private readonly Parameter<T> _bias;
    private readonly Parameter<T>[] _parameters;
    private readonly MinibatchSampler _sampler;
    private readonly int[] _allRows;

    /// <summary>Builds the problem from data (X row-major N × D, labels 0 or 1) and initial parameters.</summary>
    public LogisticRegressionProblem(T[] x, T[] labels, int rows, int inputs, T[] initialWeight, T initialBias,
        Reduction reduction = Reduction.Mean, int? batchSize = null, ulong batchSeed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        if (x.Length != (long)rows * inputs) throw new ArgumentException($"X has {x.Length} values but the problem needs {rows} × {inputs}.");
        if (labels.Length != rows) throw new ArgumentException($"There are {labels.Length} labels for {rows} rows.");
        if (initialWeight.Length != inputs) throw new ArgumentException($"The initial weight has {initialWeight.Length} values for {inputs} inputs.");
        foreach (T label in labels)
        {
            if (label != T.Zero && label != T.One) throw new ArgumentException($"Labels must be 0 or 1; found {label}.");
        }

        (_x, _y, Rows, Inputs, Reduction) = (x, labels, rows, inputs, reduction);
        _weight = new Parameter<T>(initialWeight, "weight") { Shape = [1, inputs] }; // nn.Linear(D, 1)'s weight: 1 × D
        _bias = new Parameter<T>([initialBias], "bias");
        _parameters = [_weight, _bias];
        _sampler = new MinibatchSampler(rows, batchSize, batchSeed);
        _allRows = Enumerable.Range(0, rows).ToArray();
    }

    /// <summary>
    /// Seeded data: X ~ N(0,1)^(N×D), a hidden direction w* ~ N(0,1)^D, labels 1 where x·w* &gt; 0 (separable, so the loss
    /// can go to 0 as the weights grow) or, with <paramref name="separable"/> false, Bernoulli(σ(x·w*)); then torch's
    /// Linear initialisation, uniform ±1/sqrt(D).
    /// </summary>
    public static LogisticRegressionProblem<T> Seeded(ulong seed, int rows = 200, int inputs = 20, bool separable = true,
        Reduction reduction = Reduction.Mean, int? batchSize = null)
    {
        var random = new SeededRandom(seed);
        var x = new T[rows * inputs];
        random.FillGaussian<T>(x);
        var direction = new double[inputs];
        random.FillGaussian<double>(direction);
        var labels = new T[rows];
        for (int i = 0; i < rows; i++)
        {
            double z = 0;
            for (int j = 0; j < inputs; j++) z += double.CreateTruncating(x[i * inputs + j]) * direction[j];
            bool positive = separable ? z > 0 : random.NextDouble() < Sigmoid(z);
            labels[i] = positive ? T.One : T.Zero;
        }

        double bound = 1.0 / Math.Sqrt(inputs);
        var w = new T[inputs];
        random.FillUniform<T>(w, -bound, bound);
        T b = T.CreateTruncating(-bound + 2 * bound * random.NextDouble());
        return new LogisticRegressionProblem<T>(x, labels, rows, inputs, w, b, reduction, batchSize, seed ^ 0x5EED_BA7C_0000_0000UL);
    }

    /// <summary>N.</summary>
    public int Rows { get; }

    /// <summary>D.</summary>
    public int Inputs { get; }

    /// <summary>Sum or mean.</summary>
    public Reduction Reduction { get; }

    /// <inheritdoc />
    public override string Description =>
        $"logistic regression N={Rows} D={Inputs} BCE-with-logits {Reduction.ToString().ToLowerInvariant()}" +
        (_sampler.IsFullBatch ? ", full batch" : $", batch {_sampler.BatchSize}");

    /// <inheritdoc />
    public override IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <inheritdoc />
    public override MinibatchSampler? Sampler => _sampler.IsFullBatch ? null : _sampler;

    /// <inheritdoc />
    public override double LossAndGradient() => Evaluate(_sampler.Next(), withGradient: true);

    /// <inheritdoc />
    public override double LossAndGradientOnSameBatch() => Evaluate(_sampler.Current, withGradient: true);

    /// <inheritdoc />
    public override double Loss() => Evaluate(_allRows, withGradient: false);

    private double Evaluate(ReadOnlySpan<int> rows, bool withGradient)
    {
        T scale = Reduction == Reduction.Sum ? T.One : T.One / T.CreateTruncating(rows.Length);
        if (withGradient)
        {
            _weight.ZeroGrad();
            _bias.ZeroGrad();
        }

        bool simd = KernelDispatch.UseSimd;
        T loss = T.Zero, biasGradient = T.Zero;
        foreach (int i in rows)
        {
            ReadOnlySpan<T> xi = _x.AsSpan(i * Inputs, Inputs);
            T z = FusedRowKernel.Dot<T>(xi, _weight.Value, simd) + _bias.Value[0];
            double zd = double.CreateTruncating(z);
            loss += T.CreateTruncating(Math.Max(zd, 0) - double.CreateTruncating(_y[i]) * zd + DeterministicMath.Log(1 + DeterministicMath.Exp(-Math.Abs(zd))));
            if (!withGradient) continue;
            T coefficient = (T.CreateTruncating(Sigmoid(zd)) - _y[i]) * scale;
            FusedRowKernel.Axpy<T>(_weight.Grad, coefficient, xi, simd);
            biasGradient += coefficient;
        }

        if (withGradient) _bias.Grad[0] = biasGradient;
        return double.CreateTruncating(loss * scale);
    }

    private static double Sigmoid(double z)
    {
        if (z >= 0) return 1 / (1 + DeterministicMath.Exp(-z));
        double e = DeterministicMath.Exp(z);
        return e / (1 + e);
    }
}
