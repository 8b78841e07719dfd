using System.Numerics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Problems;

/// <summary>
/// The Hessian of a least-squares problem, H = 2s·AᵀA per output with A = [X 1] (the column of ones only with a bias;
/// outputs do not interact), applied in double from a copy of X whose rows start on 64-byte boundaries and are padded
/// with zeros (see <see cref="AlignedBuffer{T}"/>).
/// </summary>
/// <remarks>
/// H·v is the problem's own forward and backward pass (<see cref="RowPass"/>) with v in place of the weights and the
/// products uᵣ = 2s·(xᵣ·v_w + v_b) in place of the residual terms, so each row comes from L2 once per product. Fused
/// multiply-adds in the kernels' fixed order: the same bits at every SIMD width.
/// </remarks>
internal sealed class LeastSquaresHessian
{
    private readonly int[] _rows; // every row, in order: H·v sums over all of them
    private readonly int _inputs;
    private readonly int _outputs;
    private readonly bool _bias;
    private readonly double _scale;
    private readonly int _stride;
    private readonly AlignedBuffer<double> _x;
    private readonly AlignedBuffer<double> _vector;
    private readonly AlignedBuffer<double> _result;

    private LeastSquaresHessian(int rows, int inputs, int outputs, bool bias, double scale)
    {
        _rows = Enumerable.Range(0, rows).ToArray();
        _inputs = inputs;
        _outputs = outputs;
        _bias = bias;
        _scale = scale;
        _stride = AlignedBuffer<double>.PaddedStride(inputs);
        _x = new AlignedBuffer<double>(rows * _stride);
        _vector = new AlignedBuffer<double>(_stride);
        _result = new AlignedBuffer<double>(_stride);
    }

    /// <summary>
    /// The Hessian of the loss s·Σ (pred − y)² over <paramref name="x"/> (row-major, <paramref name="rows"/> × <paramref name="inputs"/>),
    /// <paramref name="scale"/> = s.
    /// </summary>
    public static LeastSquaresHessian Of<T>(ReadOnlySpan<T> x, int rows, int inputs, int outputs, bool bias, double scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var hessian = new LeastSquaresHessian(rows, inputs, outputs, bias, scale);
        Span<double> target = hessian._x.Span;
        for (int i = 0; i < rows; i++)
        for (int j = 0; j < inputs; j++)
            target[i * hessian._stride + j] = double.CreateTruncating(x[i * inputs + j]);
        return hessian;
    }

    /// <summary>Number of parameters: the weight's D_out × D_in, then the bias's D_out.</summary>
    public int Dimension => _outputs * _inputs + (_bias ? _outputs : 0);

    /// <summary>result = H·v: per output, a <see cref="RowPass"/> over every row with coefficients 2s·(xᵣ·v_w + v_b).</summary>
    public void Multiply(ReadOnlySpan<double> v, Span<double> result)
    {
        if (v.Length != Dimension || result.Length != Dimension)
            throw new ArgumentException($"H·v needs v and the result {Dimension} long; they are {v.Length} and {result.Length}.");
        bool simd = KernelDispatch.UseSimd;
        Span<double> vw = _vector.Span;
        Span<double> rw = _result.Span;
        int biasOffset = _outputs * _inputs;
        for (int o = 0; o < _outputs; o++)
        {
            v.Slice(o * _inputs, _inputs).CopyTo(vw); // the padding past D_in stays +0
            rw.Clear();
            var products = new ScaledProducts(_scale, _bias ? v[biasOffset + o] : 0.0);
            double rb = RowPass.Run(_x.Span, _stride, _rows, vw, rw, accumulate: true, ref products, simd);
            rw[.._inputs].CopyTo(result.Slice(o * _inputs, _inputs));
            if (_bias) result[biasOffset + o] = rb;
        }
    }

    /// <summary>uᵣ = 2s·(xᵣ·v_w + v_b), a row's coefficient in H·v.</summary>
    private readonly struct ScaledProducts(double scale, double biasComponent) : IRowCoefficient<double>
    {
        public double Of(int row, double dot) => scale * (dot + biasComponent);
    }
}
