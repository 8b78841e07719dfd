namespace OptimizerLab.Optimizers;

/// <summary>Options of <see cref="Lbfgs{T}"/> with torch's defaults (<c>torch.optim.LBFGS</c>).</summary>
[TorchSignature("lr", "max_iter", "max_eval", "tolerance_grad", "tolerance_change", "history_size", "line_search_fn")]
public sealed record LbfgsOptions : OptimizerOptions
{
    /// <summary>The one line search torch offers.</summary>
    public const string StrongWolfe = "strong_wolfe";

    /// <summary>torch's defaults: lr 1, max_iter 20, max_eval max_iter·5/4, tolerance_grad 1e-7, tolerance_change 1e-9, history_size 100, no line search.</summary>
    public LbfgsOptions() => Lr = 1;

    /// <summary>Most inner iterations (direction updates) per step.</summary>
    public int MaxIter { get; set; } = 20;

    /// <summary>Most objective evaluations per step; null takes torch's <c>max_iter * 5 // 4</c> when the optimizer is built.</summary>
    public int? MaxEval { get; set; }

    /// <summary>A step stops when the largest gradient magnitude is at most this (first-order optimality).</summary>
    public double ToleranceGrad { get; set; } = 1e-7;

    /// <summary>A step stops when the loss, the move or the directional derivative changes by less than this.</summary>
    public double ToleranceChange { get; set; } = 1e-9;

    /// <summary>How many (s, y) pairs the inverse-Hessian approximation remembers.</summary>
    public int HistorySize { get; set; } = 100;

    /// <summary><see cref="StrongWolfe"/>, or null for fixed steps of lr.</summary>
    public string? LineSearchFn { get; set; }

    /// <summary>max_eval as a step uses it: the set value, or torch's <c>max_iter * 5 // 4</c>.</summary>
    internal int EffectiveMaxEval => MaxEval ?? MaxIter * 5 / 4;

    /// <inheritdoc />
    /// <remarks>
    /// torch 2.x checks only lr; it fails at the first step on another line search ("only 'strong_wolfe' is supported")
    /// and on history_size 0 (an IndexError), and a max_iter or max_eval below 1 makes a step evaluate once and stop.
    /// These are refused here when the options are made, naming the option.
    /// </remarks>
    protected override void ValidateAfterLr()
    {
        if (MaxIter < 1) throw new ArgumentOutOfRangeException("max_iter", MaxIter, $"Invalid max_iter value: {MaxIter} (at least 1)");
        if (MaxEval is < 1) throw new ArgumentOutOfRangeException("max_eval", MaxEval, $"Invalid max_eval value: {MaxEval} (at least 1, or None)");
        Check.NonNegative(ToleranceGrad, "tolerance_grad");
        Check.NonNegative(ToleranceChange, "tolerance_change");
        if (HistorySize < 1) throw new ArgumentOutOfRangeException("history_size", HistorySize, $"Invalid history_size value: {HistorySize} (at least 1)");
        if (LineSearchFn is not (null or StrongWolfe))
            throw new ArgumentOutOfRangeException("line_search_fn", LineSearchFn, "only 'strong_wolfe' is supported");
    }
}
