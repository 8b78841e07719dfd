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
    private double[]? _xInDouble;
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
        _weight = new Parameter<T>(initialWeight, "weight");
        _bias = initialBias is null ? null : new Parameter<T>(initialBias, "bias");
        _parameters = _bias is null ? [_weight] : [_weight, _bias];
        _sampler = new MinibatchSampler(rows, batchSize, batchSeed);

        // The kernels read X row by row: a copy whose rows each start on a 64-byte boundary keeps every vector load
        // within one cache line (see AlignedBuffer). The weight row and its gradient go through aligned scratch too.
        _stride = AlignedBuffer<T>.PaddedStride(inputs);
        _alignedX = new AlignedBuffer<T>(rows * _stride);
        for (int i = 0; i < rows; i++) x.AsSpan(i * inputs, inputs).CopyTo(_alignedX.Span.Slice(i * _stride, inputs));
        _alignedWeight = new AlignedBuffer<T>(inputs);
        _alignedGradient = new AlignedBuffer<T>(inputs);
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
    public override double Loss()
    {
        Span<int> all = Rows <= 4096 ? stackalloc int[Rows] : new int[Rows];
        for (int i = 0; i < all.Length; i++) all[i] = i;
        return Evaluate(all, withGradient: false);
    }

    /// <remarks>
    /// Rows go four at a time (<see cref="FourRowKernel"/>): four residuals from one pass over w, then their four gradient
    /// terms in one pass over the gradient, while the four rows are still in L1. Per row the arithmetic is that of one
    /// <see cref="DotKernel.Dot{T}"/> and one <see cref="AxpyKernel.Add{T}"/>, and loss, bias gradient and every weight
    /// gradient element add their row terms in row order, so the bits equal those of the row-by-row loop.
    /// </remarks>
    private double Evaluate(ReadOnlySpan<int> rows, bool withGradient)
    {
        T scale = Reduction == Reduction.Sum ? T.One : T.One / T.CreateTruncating((double)rows.Length * Outputs);
        T two = T.CreateTruncating(2.0);
        if (withGradient) _bias?.ZeroGrad();

        bool simd = KernelDispatch.UseSimd;
        int n = Inputs;
        int stride = _stride;
        ReadOnlySpan<T> x = _alignedX.Span;
        Span<T> w = _alignedWeight.Span;
        Span<T> gw = _alignedGradient.Span;
        Span<T> dots = stackalloc T[4];
        Span<T> coefficients = stackalloc T[4];
        T loss = T.Zero;
        for (int o = 0; o < Outputs; o++)
        {
            _weight.Value.AsSpan(o * n, n).CopyTo(w);
            gw.Clear(); // the gradient row starts at +0 exactly as after ZeroGrad, and receives the same additions
            T b = _bias is null ? T.Zero : _bias.Value[o];
            T gb = T.Zero;
            int k = 0;
            for (; k + 4 <= rows.Length; k += 4)
            {
                ReadOnlySpan<T> x0 = x.Slice(rows[k] * stride, n), x1 = x.Slice(rows[k + 1] * stride, n);
                ReadOnlySpan<T> x2 = x.Slice(rows[k + 2] * stride, n), x3 = x.Slice(rows[k + 3] * stride, n);
                FourRowKernel.Dot4(x0, x1, x2, x3, w, dots, simd);
                for (int r = 0; r < 4; r++)
                {
                    T residual = dots[r] + b - _y[rows[k + r] * Outputs + o];
                    loss += residual * residual;
                    coefficients[r] = two * residual * scale;
                    gb += coefficients[r];
                }

                if (withGradient)
                    FourRowKernel.Axpy4(gw, coefficients[0], x0, coefficients[1], x1, coefficients[2], x2, coefficients[3], x3, simd);
            }

            for (; k < rows.Length; k++)
            {
                ReadOnlySpan<T> xi = x.Slice(rows[k] * stride, n);
                T residual = (simd ? DotKernel.Simd(xi, w) : DotKernel.Scalar(xi, w)) + b - _y[rows[k] * Outputs + o];
                loss += residual * residual;
                if (!withGradient) continue;
                T coefficient = two * residual * scale;
                if (simd) AxpyKernel.Simd(gw, coefficient, xi);
                else AxpyKernel.Scalar(gw, coefficient, xi);
                gb += coefficient;
            }

            if (!withGradient) continue;
            gw.CopyTo(_weight.Grad.AsSpan(o * n, n));
            if (_bias is not null) _bias.Grad[o] = gb;
        }

        return double.CreateTruncating(loss * scale);
    }

    /// <inheritdoc />
    int IHessian.Dimension => ParameterCount;

    /// <summary>
    /// H·v for the full-batch loss: per output, H = 2s·AᵀA with A = [X 1] (the column of ones only with a bias);
    /// outputs do not interact. Computed in double.
    /// </summary>
    void IHessian.Multiply(ReadOnlySpan<double> v, Span<double> result)
    {
        double[] x = _xInDouble ??= Array.ConvertAll(_x, double.CreateTruncating);
        double scale = 2.0 * (Reduction == Reduction.Sum ? 1.0 : 1.0 / ((double)Rows * Outputs));
        int biasOffset = Outputs * Inputs;
        result.Clear();
        for (int o = 0; o < Outputs; o++)
        {
            ReadOnlySpan<double> vw = v.Slice(o * Inputs, Inputs);
            double vb = _bias is null ? 0.0 : v[biasOffset + o];
            Span<double> rw = result.Slice(o * Inputs, Inputs);
            double rb = 0.0;
            for (int i = 0; i < Rows; i++)
            {
                ReadOnlySpan<double> xi = x.AsSpan(i * Inputs, Inputs);
                double u = scale * (DotKernel.Dot(xi, vw) + vb);
                AxpyKernel.Add(rw, u, xi);
                rb += u;
            }

            if (_bias is not null) result[biasOffset + o] = rb;
        }
    }

    /// <summary>Largest N for which the sharpness goes through the dense N × N matrix (N² doubles of scratch, (4/3)·N³ to reduce).</summary>
    public const int DenseSharpnessRowLimit = 512;

    /// <summary>
    /// H = 2s·AᵀA per output with A = [X 1] (N × (D_in+1)): D^½ H D^½ has the same non-zero eigenvalues as the small
    /// N × N matrix G = 2s·A·D·Aᵀ, which is symmetric. G costs N²·D_in/2 multiply-adds to form (four rows per pass over
    /// the scaled row, <see cref="FourRowKernel.Dot4{T}"/>), and its λ_max is exact (<see cref="SymmetricEigen"/>), so
    /// the result depends on D alone (nothing to warm-start or checkpoint). Buffers are allocated at the first call and
    /// reused. With several outputs the blocks do not interact and λ_max is the largest over outputs. Above
    /// <see cref="DenseSharpnessRowLimit"/> rows this returns null and <see cref="Lab.PowerIteration"/> uses H·v instead.
    /// </summary>
    double? IHessian.LargestPreconditionedEigenvalue(ReadOnlySpan<double> stepSizes)
    {
        if (Rows > DenseSharpnessRowLimit) return null;
        var buffers = _sharpnessBuffers ??= new SharpnessBuffers(this);
        ReadOnlySpan<double> x = buffers.X.Span;
        int stride = buffers.Stride;
        Span<double> scaledRow = buffers.ScaledRow.Span[..Inputs];
        Span<double> gram = buffers.Gram;
        Span<double> dots = stackalloc double[4];
        bool simd = KernelDispatch.UseSimd;
        double scale = 2.0 * (Reduction == Reduction.Sum ? 1.0 : 1.0 / ((double)Rows * Outputs));
        double largest = 0;
        for (int o = 0; o < Outputs; o++)
        {
            ReadOnlySpan<double> d = stepSizes.Slice(o * Inputs, Inputs);
            double biasStep = _bias is null ? 0.0 : stepSizes[Outputs * Inputs + o];
            for (int i = 0; i < Rows; i++)
            {
                ReadOnlySpan<double> xi = x.Slice(i * stride, Inputs);
                for (int j = 0; j < Inputs; j++) scaledRow[j] = xi[j] * d[j];
                // Row i of the lower triangle: G[i, k] for k ≤ i (the eigen-solver reads no more).
                int k = 0;
                for (; k + 4 <= i + 1; k += 4)
                {
                    FourRowKernel.Dot4<double>(x.Slice(k * stride, Inputs), x.Slice((k + 1) * stride, Inputs),
                        x.Slice((k + 2) * stride, Inputs), x.Slice((k + 3) * stride, Inputs), scaledRow, dots, simd);
                    for (int r = 0; r < 4; r++) gram[i * Rows + k + r] = scale * (dots[r] + biasStep);
                }

                for (; k <= i; k++)
                {
                    ReadOnlySpan<double> xk = x.Slice(k * stride, Inputs);
                    gram[i * Rows + k] = scale * ((simd ? DotKernel.Simd<double>(xk, scaledRow) : DotKernel.Scalar<double>(xk, scaledRow)) + biasStep);
                }
            }

            largest = Math.Max(largest, SymmetricEigen.LargestEigenvalue(gram, Rows, buffers.Work));
        }

        return largest;
    }

    /// <summary>Scratch for the sharpness: X in double with 64-byte aligned rows, one scaled row, G and the solver's work space.</summary>
    private sealed class SharpnessBuffers(LeastSquaresProblem<T> problem)
    {
        public int Stride { get; } = AlignedBuffer<double>.PaddedStride(problem.Inputs);

        public AlignedBuffer<double> X { get; } = CopyInDouble(problem);

        public AlignedBuffer<double> ScaledRow { get; } = new(AlignedBuffer<double>.PaddedStride(problem.Inputs));

        public double[] Gram { get; } = new double[problem.Rows * problem.Rows];

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
