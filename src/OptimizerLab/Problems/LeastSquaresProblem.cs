using System.Numerics;
using OptimizerLab.Data;
using OptimizerLab.Kernels;
using OptimizerLab.Optimizers;

namespace OptimizerLab.Problems;

/// <summary>
/// A linear layer D_in → D_out (torch's <c>nn.Linear</c>, optional bias) under MSE loss: the seed question's problem,
/// and general linear least squares.
/// <code>
/// pred[i, o] = Σ_j X[i, j]·W[o, j] + b[o]
/// loss       = s · Σ_i Σ_o (pred[i, o] − Y[i, o])²          s = 1 (sum) or 1/(batch·D_out) (mean)
/// ∂loss/∂W[o, :] = Σ_i 2s·r[i, o]·X[i, :],  ∂loss/∂b[o] = Σ_i 2s·r[i, o]
/// </code>
/// One pass per step: for each row, its dot product, then at once its gradient contribution while the row is in L1.
/// </summary>
public sealed class LeastSquaresProblem<T> : Problem<T>, IHessian where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _x;
    private readonly T[] _y;
    private readonly Parameter<T> _weight;
    private readonly Parameter<T>? _bias;
    private readonly MinibatchSampler _sampler;
    private readonly Parameter<T>[] _parameters;
    private LeastSquaresHessian? _hessian;
    private SharpnessBuffers? _sharpnessBuffers;
    private readonly AlignedBuffer<T> _alignedX;
    private readonly int _stride;
    private readonly AlignedBuffer<T> _alignedWeight;
    private readonly AlignedBuffer<T> _alignedGradient;

    /// <summary>Builds the problem from data (X row-major N × D_in, Y row-major N × D_out) and initial parameters.</summary>
    public LeastSquaresProblem(T[] x, T[] y, int rows, int inputs, int outputs, T[] initialWeight, T[]? initialBias,
        Reduction reduction = Reduction.Sum, int? batchSize = null, ulong batchSeed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        RequireLength(x, (long)rows * inputs, "X", $"{rows} × {inputs}");
        RequireLength(y, (long)rows * outputs, "Y", $"{rows} × {outputs}");
        RequireLength(initialWeight, (long)outputs * inputs, "the initial weight", $"{outputs} × {inputs}");
        if (initialBias is not null) RequireLength(initialBias, outputs, "the initial bias", $"{outputs}");

        _x = x;
        _y = y;
        Rows = rows;
        Inputs = inputs;
        Outputs = outputs;
        Reduction = reduction;
        _weight = new Parameter<T>(initialWeight, "weight") { Shape = [outputs, inputs] }; // nn.Linear's weight: D_out × D_in
        _bias = initialBias is null ? null : new Parameter<T>(initialBias, "bias");
        _parameters = _bias is null ? [_weight] : [_weight, _bias];
        _sampler = new MinibatchSampler(rows, batchSize, batchSeed);

        // The kernels read X row by row: a copy whose rows each start on a 64-byte boundary keeps every vector load
        // within one cache line (see AlignedBuffer), and its zero padding lets every row run in whole vectors. The
        // weight row and its gradient go through aligned, zero-padded scratch too.
        _stride = AlignedBuffer<T>.PaddedStride(inputs);
        _alignedX = new AlignedBuffer<T>(rows * _stride);
        for (int i = 0; i < rows; i++) x.AsSpan(i * inputs, inputs).CopyTo(_alignedX.Span.Slice(i * _stride, inputs));
        _alignedWeight = new AlignedBuffer<T>(_stride);
        _alignedGradient = new AlignedBuffer<T>(_stride);
    }

    /// <summary>
    /// The seed question's set-up from a seed: X ~ N(0,1)^(N×D_in), Y ~ N(0,1)^(N×D_out), then torch's default Linear
    /// initialisation, W and b uniform in ±1/sqrt(D_in); drawn in that order from <see cref="SeededRandom"/>.
    /// </summary>
    public static LeastSquaresProblem<T> Seeded(ulong seed, int rows = 64, int inputs = 1000, int outputs = 1,
        bool bias = true, Reduction reduction = Reduction.Sum, int? batchSize = null)
    {
        var random = new SeededRandom(seed);
        var x = new T[rows * inputs];
        var y = new T[rows * outputs];
        var w = new T[outputs * inputs];
        random.FillGaussian<T>(x);
        random.FillGaussian<T>(y);
        double bound = 1.0 / Math.Sqrt(inputs);
        random.FillUniform<T>(w, -bound, bound);
        T[]? b = null;
        if (bias)
        {
            b = new T[outputs];
            random.FillUniform<T>(b, -bound, bound);
        }

        return new LeastSquaresProblem<T>(x, y, rows, inputs, outputs, w, b, reduction, batchSize, seed ^ 0x5EED_BA7C_0000_0000UL);
    }

    /// <summary>N, the number of samples.</summary>
    public int Rows { get; }

    /// <summary>D_in.</summary>
    public int Inputs { get; }

    /// <summary>D_out.</summary>
    public int Outputs { get; }

    /// <summary>Sum or mean.</summary>
    public Reduction Reduction { get; }

    /// <summary>The weight, D_out × D_in row-major.</summary>
    public Parameter<T> Weight => _weight;

    /// <summary>The bias, or null for a layer without one.</summary>
    public Parameter<T>? Bias => _bias;

    /// <summary>X, row-major N × D_in.</summary>
    public ReadOnlySpan<T> X => _x;

    /// <summary>Y, row-major N × D_out.</summary>
    public ReadOnlySpan<T> Y => _y;

    /// <inheritdoc />
    public override string Description =>
        $"least squares (linear layer) N={Rows} D_in={Inputs} D_out={Outputs} bias={(_bias is null ? "no" : "yes")} " +
        $"MSE {Reduction.ToString().ToLowerInvariant()}" + (_sampler.IsFullBatch ? ", full batch" : $", batch {_sampler.BatchSize}");

    /// <inheritdoc />
    public override IReadOnlyList<Parameter<T>> Parameters => _parameters;

    /// <inheritdoc />
    public override IHessian Hessian => this;

    /// <inheritdoc />
    public override MinibatchSampler? Sampler => _sampler.IsFullBatch ? null : _sampler;

    /// <inheritdoc />
    public override double LossAndGradient() => Evaluate(_sampler.Next(), withGradient: true);

    /// <inheritdoc />
    public override double LossAndGradientOnSameBatch() => Evaluate(_sampler.Current, withGradient: true);

    /// <inheritdoc />
    public override double Loss()
    {
        Span<int> all = Rows <= 4096 ? stackalloc int[Rows] : new int[Rows];
        for (int i = 0; i < all.Length; i++) all[i] = i;
        return Evaluate(all, withGradient: false);
    }

    /// <remarks>
    /// One <see cref="RowPass"/> per output: each row's residual and loss term from its dot product with w, and its
    /// gradient term. The kernels run over the padded rows (zeros past D_in, in w and the gradient row too), so no row has
    /// a scalar tail. Loss, bias gradient and every weight gradient element add their row terms in row order, so the bits
    /// equal those of the row-by-row loop with the scalar references.
    /// </remarks>
    private double Evaluate(ReadOnlySpan<int> rows, bool withGradient)
    {
        T scale = Reduction == Reduction.Sum ? T.One : T.One / T.CreateTruncating((double)rows.Length * Outputs);
        if (withGradient) _bias?.ZeroGrad();

        bool simd = KernelDispatch.UseSimd;
        Span<T> w = _alignedWeight.Span;
        Span<T> gw = _alignedGradient.Span;
        var residuals = new Residuals(_y, Outputs, scale);
        for (int o = 0; o < Outputs; o++)
        {
            _weight.Value.AsSpan(o * Inputs, Inputs).CopyTo(w); // the padding past D_in stays +0
            gw.Clear(); // the gradient row starts at +0 exactly as after ZeroGrad, and receives the same additions
            residuals.Output = o;
            residuals.Bias = _bias is null ? T.Zero : _bias.Value[o];
            T gb = RowPass.Run(_alignedX.Span, _stride, rows, w, gw, withGradient, ref residuals, simd);
            if (!withGradient) continue;
            gw[..Inputs].CopyTo(_weight.Grad.AsSpan(o * Inputs, Inputs));
            if (_bias is not null) _bias.Grad[o] = gb;
        }

        return double.CreateTruncating(residuals.Loss * scale);
    }

    /// <summary>A row's residual r = x·w + b − y for one output: it adds r² to the loss and gives the coefficient 2·r·s of its gradient term.</summary>
    private struct Residuals(T[] y, int outputs, T scale) : IRowCoefficient<T>
    {
        private readonly T _two = T.CreateTruncating(2.0);

        public int Output;
        public T Bias;
        public T Loss = T.Zero;

        public T Of(int row, T dot)
        {
            T residual = dot + Bias - y[row * outputs + Output];
            Loss = T.FusedMultiplyAdd(residual, residual, Loss);
            return _two * residual * scale;
        }
    }

    /// <inheritdoc />
    int IHessian.Dimension => ParameterCount;

    /// <summary>
    /// H·v for the full-batch loss: per output, H = 2s·AᵀA with A = [X 1] (the column of ones only with a bias);
    /// outputs do not interact. Computed in double.
    /// </summary>
    void IHessian.Multiply(ReadOnlySpan<double> v, Span<double> result) =>
        (_hessian ??= LeastSquaresHessian.Of<T>(_x, Rows, Inputs, Outputs, _bias is not null,
            2.0 * (Reduction == Reduction.Sum ? 1.0 : 1.0 / ((double)Rows * Outputs)))).Multiply(v, result);

    /// <summary>Largest N for which the sharpness goes through the dense N × N matrix (N² doubles of scratch, (4/3)·N³ to reduce).</summary>
    public const int DenseSharpnessRowLimit = 512;

    /// <summary>
    /// H = 2s·AᵀA per output with A = [X 1] (N × (D_in+1)): D^½ H D^½ has the same non-zero eigenvalues as the small
    /// N × N matrix G = 2s·A·D·Aᵀ, which is symmetric. G costs N²·D_in/2 multiply-adds to form (<see cref="GramKernel"/>:
    /// 4 × 4 entries per pass, fused), and its λ_max is exact (<see cref="SymmetricEigen"/>), so
    /// the result depends on D alone (nothing to warm-start or checkpoint). Buffers are allocated at the first call and
    /// reused. With several outputs the blocks do not interact and λ_max is the largest over outputs. Above
    /// <see cref="DenseSharpnessRowLimit"/> rows this returns null and <see cref="Lab.PowerIteration"/> uses H·v instead.
    /// </summary>
    double? IHessian.LargestPreconditionedEigenvalue(ReadOnlySpan<double> stepSizes)
    {
        if (Rows > DenseSharpnessRowLimit) return null;
        var buffers = _sharpnessBuffers ??= new SharpnessBuffers(this);
        Span<double> weights = buffers.Weights.Span; // padded with zeros past Inputs, as X's rows are
        Span<double> gram = buffers.Gram.Span; // 64-byte aligned: the eigen-solver's rows start on a cache line
        double scale = 2.0 * (Reduction == Reduction.Sum ? 1.0 : 1.0 / ((double)Rows * Outputs));
        double largest = 0;
        for (int o = 0; o < Outputs; o++)
        {
            stepSizes.Slice(o * Inputs, Inputs).CopyTo(weights);
            double biasStep = _bias is null ? 0.0 : stepSizes[Outputs * Inputs + o];
            GramKernel.WeightedLowerTriangle(buffers.X.Span, Rows, buffers.Stride, weights, gram, buffers.Scaled.Span);
            for (int i = 0; i < Rows; i++)
            for (int k = 0; k <= i; k++) gram[i * Rows + k] = scale * (gram[i * Rows + k] + biasStep);

            largest = Math.Max(largest, SymmetricEigen.LargestEigenvalue(gram, Rows, buffers.Work));
        }

        return largest;
    }

    /// <summary>Scratch for the sharpness: X in double with 64-byte aligned rows, the weights, four scaled rows, G and the solver's work space.</summary>
    private sealed class SharpnessBuffers(LeastSquaresProblem<T> problem)
    {
        public int Stride { get; } = AlignedBuffer<double>.PaddedStride(problem.Inputs);

        public AlignedBuffer<double> X { get; } = CopyInDouble(problem);

        public AlignedBuffer<double> Weights { get; } = new(AlignedBuffer<double>.PaddedStride(problem.Inputs));

        public AlignedBuffer<double> Scaled { get; } = new(4 * AlignedBuffer<double>.PaddedStride(problem.Inputs));

        public AlignedBuffer<double> Gram { get; } = new(problem.Rows * problem.Rows);

        public double[] Work { get; } = new double[3 * problem.Rows];

        private static AlignedBuffer<double> CopyInDouble(LeastSquaresProblem<T> problem)
        {
            int stride = AlignedBuffer<double>.PaddedStride(problem.Inputs);
            var buffer = new AlignedBuffer<double>(problem.Rows * stride);
            Span<double> target = buffer.Span;
            for (int i = 0; i < problem.Rows; i++)
            for (int j = 0; j < problem.Inputs; j++)
                target[i * stride + j] = double.CreateTruncating(problem._x[i * problem.Inputs + j]);
            return buffer;
        }
    }

    private static void RequireLength(T[] values, long expected, string what, string shape)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != expected)
            throw new ArgumentException($"{what} has {values.Length} values but the problem needs {shape} = {expected}.");
    }
}
