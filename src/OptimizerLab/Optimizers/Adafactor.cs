using System.Numerics;
using OptimizerLab.Kernels;
using OptimizerLab.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Adafactor{T}"/> with torch's defaults (<c>torch.optim.Adafactor</c>, PyTorch 2.5+); its weight decay is decoupled: θ·(1 − lr·λ) before the update.</summary>
[TorchSignature("lr", "beta2_decay", "eps", "d", "weight_decay", "maximize")]
public sealed record AdafactorOptions : DecayOptions
{
    /// <summary>torch's defaults: lr 1e-2, beta2_decay -0.8, eps (None, 1e-3), d 1, no weight decay.</summary>
    public AdafactorOptions() => Lr = 1e-2;

    /// <summary>τ: the second moment's weight of the new squared gradient at step t is t^τ (torch's <c>beta2_decay</c>).</summary>
    [TorchOption(Name = "beta2_decay")]
    public double Beta2Decay { get; set; } = -0.8;

    /// <summary>ε1, the floor of the variance estimate's square root; null (torch's <c>None</c>) means the machine epsilon of T.</summary>
    [TorchOption(Tuple = "eps", Index = 0)]
    public double? Eps1 { get; set; }

    /// <summary>ε2, the floor of the parameter's RMS in the relative step size.</summary>
    [TorchOption(Tuple = "eps", Index = 1)]
    public double Eps2 { get; set; } = 1e-3;

    /// <summary>The clipping threshold: an update whose RMS exceeds d is scaled down to RMS d.</summary>
    public double D { get; set; } = 1.0;

    /// <inheritdoc />
    private protected override string LrMessage => "Learning rate should be >= 0 but is";

    /// <inheritdoc />
    /// <remarks>torch's checks and messages, in its order.</remarks>
    protected override void ValidateAfterLr()
    {
        if (!(Beta2Decay <= 0) || double.IsInfinity(Beta2Decay)) Check.Fail(Beta2Decay, "beta2_decay", "beta2_decay should be <= 0 but is");
        if (Eps1 is double eps1) Check.NonNegative(eps1, "eps", "epsilon1 should be >= 0 but is");
        Check.NonNegative(Eps2, "eps", "epsilon2 should be >= 0 but is");
        if (!(D >= 1) || double.IsInfinity(D)) Check.Fail(D, "d", "Clipping threshold d should be >= 1 but is");
        Check.NonNegative(WeightDecay, "weight_decay", "weight_decay should be >= 0 but is");
    }
}

/// <summary>
/// State of <see cref="Adafactor{T}"/> for one parameter: for two or more dimensions (…, R, C), the row and column
/// factors of the second moment (torch's <c>row_var</c>, …×R, and <c>col_var</c>, …×C); for fewer, the full
/// <c>variance</c>.
/// </summary>
public sealed class AdafactorState<T> : ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal AdafactorState(IReadOnlyList<int> shape, int length) : base(Layout(shape, length))
    {
        Factored = shape.Count >= 2;
        if (Factored) (Rows, Columns) = (shape[^2], shape[^1]);
        Batches = Factored && Rows * Columns > 0 ? length / (Rows * Columns) : 0;
        Scratch = new T[length];
    }

    /// <summary>Row factor R (factored parameters only; empty otherwise).</summary>
    public T[] RowVar => Buffer("row_var");

    /// <summary>Column factor C (factored parameters only; empty otherwise).</summary>
    public T[] ColVar => Buffer("col_var");

    /// <summary>Second moment of a vector parameter (empty for factored ones).</summary>
    public T[] Variance => Buffer("variance");

    internal bool Factored { get; }

    internal int Batches { get; }

    internal int Rows { get; }

    internal int Columns { get; }

    /// <summary>The step's update U before clipping (torch's temporary <c>update</c>), kept to avoid an allocation per step; not saved.</summary>
    internal T[] Scratch { get; }

    /// <summary>torch's buffers for a parameter of this shape: row_var (…×R) and col_var (…×C) from two dimensions on, else variance.</summary>
    private static (string Name, T[] Values)[] Layout(IReadOnlyList<int> shape, int length)
    {
        if (shape.Count < 2) return [("variance", new T[length])];
        int block = shape[^2] * shape[^1];
        int batches = block == 0 ? 0 : length / block;
        return [("row_var", new T[batches * shape[^2]]), ("col_var", new T[batches * shape[^1]])];
    }
}

/// <summary>
/// Adafactor (Shazeer and Stern, 2018) as <c>torch.optim.Adafactor</c> computes it (PyTorch 2.5+, single-tensor path):
/// a second moment factored into row and column averages for parameters of two or more dimensions (memory R + C
/// instead of R·C per matrix), a relative step size (the parameter's RMS times ρ_t), and update clipping by RMS.
/// The parameter's <see cref="Parameter{T}.Shape"/> decides factoring: the last two dimensions are rows and columns.
/// </summary>
/// <remarks>
/// <code>
/// input: lr γ, beta2_decay τ, eps (ε1, ε2), d, weight_decay λ, maximize;  ε1 = None: machine epsilon of T
/// R0 = 0, C0 = 0, V0 = 0
/// for t = 1, 2, ...:
///     G = maximize ? -∇f(θ) : ∇f(θ)
///     w = t^τ;  ρ = min(γ, 1/sqrt(t));  α = max(ε2, RMS(θ))·ρ        (in double; RMS of θ before the decay)
///     θ = θ·(1 - γ·λ)
///     if dim(θ) ≥ 2:
///         R = lerp(R, ‖G row‖²/C, w);  C = lerp(C, ‖G column‖²/R, w)
///         V̂ = (R·Cᵀ) / max(mean(R), ε1)
///     else:
///         V = lerp(V, G², w);  V̂ = V
///     U = G / sqrt(max(V̂, ε1²))                                     (as rsqrt(max(V̂, ε1²))·G)
///     θ = θ - (α / max(1, RMS(U)/d))·U
/// </code>
/// Norms are summed in double in a fixed order (torch sums in T in its own order), so results agree with torch to
/// rounding, not bit for bit. Parity: against steps computed by hand from this algorithm (torch 1.13 and TorchSharp
/// have no Adafactor).
/// </remarks>
/// <param name="groups">The parameter groups, each with its own options (one group: the other constructor).</param>
public sealed class Adafactor<T>(IEnumerable<ParamGroup<T, AdafactorOptions>> groups)
    : Optimizer<T, AdafactorOptions, AdafactorState<T>>("Adafactor", groups, (p, _) => new(p.Shape, p.Length))
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Adafactor over one group of parameters (default options: torch's).</summary>
    public Adafactor(IEnumerable<Parameter<T>> parameters, AdafactorOptions? options = null)
        : this([new(parameters, options ?? new())])
    {
    }

    /// <inheritdoc />
    public override IOptimizerDynamics Dynamics { get; } = new NoPlateauInstability(
        "Adafactor clips every update to RMS d and scales it by α = max(eps2, RMS(θ))·min(lr, 1/√t), so however far its second moment decays its steps stay below α·d: near a minimum it hovers at a level set by α (lr and the parameters' size) instead of resting on a plateau that turns unstable.");

    /// <inheritdoc />
    protected override void Update(Parameter<T> parameter, AdafactorState<T> state, AdafactorOptions o)
    {
        if (parameter.Length == 0) return; // torch's arithmetic on an empty tensor changes nothing

        double step = state.Step; // torch keeps a float32 count: exact below 2^24 steps
        double weight = DeterministicMath.Pow(step, o.Beta2Decay);
        double inverseSqrtStep = 1 / Math.Sqrt(step);
        double rho = inverseSqrtStep < o.Lr ? inverseSqrtStep : o.Lr; // Python's min(lr, ·) keeps lr on a tie
        double rms = RoundedNorm(parameter.Value) / Math.Sqrt(parameter.Length);
        double alpha = (rms > o.Eps2 ? rms : o.Eps2) * rho;
        double eps1 = o.Eps1 ?? double.CreateTruncating(T.BitIncrement(T.One) - T.One); // torch.finfo(dtype).eps

        if (o.WeightDecay != 0) ScaleKernel.Multiply(parameter.Value.AsSpan(), T.CreateTruncating(1 - o.Lr * o.WeightDecay));

        var scalars = new AdafactorScalars<T>(OpeningScalars<T>.NoDecay(o.Maximize), T.CreateTruncating(weight), T.CreateTruncating(eps1), T.CreateTruncating(eps1 * eps1));
        if (state.Factored) FactoredUpdate(parameter.Grad, state, scalars);
        else AdafactorKernel.VectorUpdate<T>(parameter.Grad, state.Variance, state.Scratch, scalars);

        double updateRms = RoundedNorm(state.Scratch) / (Math.Sqrt(parameter.Length) * o.D);
        double denominator = updateRms > 1.0 ? updateRms : 1.0;
        AxpyKernel.Add<T>(parameter.Value, T.CreateTruncating(-alpha / denominator), state.Scratch);
    }

    /// <summary>Each batch's (R × C) block: its row and column factors, then U row by row.</summary>
    private static void FactoredUpdate(ReadOnlySpan<T> grad, AdafactorState<T> state, in AdafactorScalars<T> s)
    {
        int rows = state.Rows, columns = state.Columns;
        var rowMeans = new T[rows];
        var columnMeans = new T[columns];
        var columnSquares = new double[columns];
        for (int b = 0; b < state.Batches; b++)
        {
            var block = grad.Slice(b * rows * columns, rows * columns);
            Array.Clear(columnSquares);
            for (int i = 0; i < rows; i++)
            {
                var row = block.Slice(i * columns, columns);
                rowMeans[i] = SquaredNormOver(NormKernel.SumOfSquares(row), columns);
                // Column sums in row order: a fixed order, so every run and width gives the same bits.
                for (int j = 0; j < columns; j++)
                {
                    double g = double.CreateTruncating(row[j]);
                    columnSquares[j] += g * g;
                }
            }

            for (int j = 0; j < columns; j++) columnMeans[j] = SquaredNormOver(columnSquares[j], rows);

            var rowVar = state.RowVar.AsSpan(b * rows, rows);
            var colVar = state.ColVar.AsSpan(b * columns, columns);
            AdafactorKernel.Lerp<T>(rowVar, rowMeans, s.Weight);
            AdafactorKernel.Lerp<T>(colVar, columnMeans, s.Weight);

            double rowVarSum = 0;
            foreach (T r in rowVar) rowVarSum += double.CreateTruncating(r);
            T mean = T.CreateTruncating(rowVarSum / rows);
            T divisor = T.IsNaN(mean) || mean > s.Eps1 ? mean : s.Eps1; // clamp_(min=eps1) keeps a NaN

            var update = state.Scratch.AsSpan(b * rows * columns, rows * columns);
            for (int i = 0; i < rows; i++)
                AdafactorKernel.FactoredRow<T>(block.Slice(i * columns, columns), rowVar[i], colVar, divisor, update.Slice(i * columns, columns), s);
        }
    }

    /// <summary>torch's <c>vector_norm(·).square_().div_(n)</c>: the norm rounded to T, squared and divided by n in T.</summary>
    private static T SquaredNormOver(double sumOfSquares, int n)
    {
        T norm = T.CreateTruncating(Math.Sqrt(sumOfSquares));
        return norm * norm / T.CreateTruncating(n);
    }

    /// <summary>torch's <c>x.norm(2).item()</c>: the norm of T values, rounded to T, as a double.</summary>
    private static double RoundedNorm(ReadOnlySpan<T> values) =>
        double.CreateTruncating(T.CreateTruncating(Math.Sqrt(NormKernel.SumOfSquares(values))));
}
