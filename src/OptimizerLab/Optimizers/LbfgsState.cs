using System.Numerics;

namespace OptimizerLab.Optimizers;

/// <summary>
/// The state of <see cref="Lbfgs{T}"/>: one for the whole optimizer, kept (as torch keeps it) on the first parameter.
/// Vectors are over all parameters flattened in order; <see cref="ParamState{T}.Step"/> is torch's <c>n_iter</c>, the
/// inner iterations so far.
/// </summary>
/// <remarks>
/// torch keeps the history as lists that grow to history_size; here they are fixed buffers of history_size rows, the
/// first <see cref="HistoryLength"/> of them in use, oldest first. torch's <c>prev_loss</c> and <c>al</c> are not
/// kept: each step sets them before it reads them.
/// </remarks>
public sealed class LbfgsState<T> : ParamState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal LbfgsState(int length, int historySize)
        : base(("d", new T[length]), ("t", new T[1]), ("old_dirs", new T[historySize * length]), ("old_stps", new T[historySize * length]),
            ("ro", new T[historySize]), ("H_diag", [T.One]), ("prev_flat_grad", new T[length]))
    {
        Length = length;
        Direction = Buffer("d");
        StepLength = Buffer("t");
        GradientChanges = Buffer("old_dirs");
        Steps = Buffer("old_stps");
        Curvatures = Buffer("ro");
        HessianDiagonal = Buffer("H_diag");
        PreviousGradient = Buffer("prev_flat_grad");
    }

    /// <summary>How many values the parameters hold together.</summary>
    public int Length { get; }

    /// <summary>The last search direction d.</summary>
    public T[] Direction { get; }

    /// <summary>The last step length t (one element; torch's Python float, used only rounded to T).</summary>
    public T[] StepLength { get; }

    /// <summary>The gradient at the start of the last inner iteration.</summary>
    public T[] PreviousGradient { get; }

    /// <summary>y_i = g_{i+1} − g_i, row by row (torch's <c>old_dirs</c>).</summary>
    public T[] GradientChanges { get; }

    /// <summary>s_i = t_i·d_i, row by row (torch's <c>old_stps</c>).</summary>
    public T[] Steps { get; }

    /// <summary>ρ_i = 1/(y_i·s_i) (torch's <c>ro</c>).</summary>
    public T[] Curvatures { get; }

    /// <summary>γ = y·s/(y·y) of the last accepted pair, the initial inverse Hessian's scale (one element).</summary>
    public T[] HessianDiagonal { get; }

    /// <summary>How many history rows are in use.</summary>
    public int HistoryLength { get; internal set; }

    /// <summary>Objective evaluations over all steps (torch's <c>func_evals</c>).</summary>
    public long FunctionEvaluations { get; internal set; }

    internal Span<T> GradientChange(int i) => GradientChanges.AsSpan(i * Length, Length);

    internal Span<T> StepRow(int i) => Steps.AsSpan(i * Length, Length);

    /// <summary>Makes room for a new pair: drops the oldest row when the history is full (torch's <c>pop(0)</c>); returns the free row's index.</summary>
    internal int Append()
    {
        int historySize = Curvatures.Length;
        if (HistoryLength < historySize) return HistoryLength++;
        GradientChanges.AsSpan(Length).CopyTo(GradientChanges);
        Steps.AsSpan(Length).CopyTo(Steps);
        Curvatures.AsSpan(1).CopyTo(Curvatures);
        return historySize - 1;
    }
}
