using System.Numerics;
using System.Text.Json.Nodes;
using OptimizerLab.Kernels;

namespace OptimizerLab.Optimizers;

/// <summary>
/// L-BFGS as <c>torch.optim.LBFGS</c> (after Schmidt's minFunc): one step runs up to max_iter quasi-Newton iterations,
/// each evaluating the objective again through a closure (<see cref="IClosureOptimizer{T}"/>), with fixed steps of lr
/// or torch's strong Wolfe line search. All parameters form one vector; there is one parameter group.
/// </summary>
/// <remarks>
/// <code>
/// input: lr, max_iter, max_eval, tolerance_grad, tolerance_change, history_size m, line_search_fn
/// step(closure):
///     f, g = closure();  evals = 1
///     if max|g| ≤ tolerance_grad: return f
///     for k = 1 … max_iter:
///         n_iter += 1
///         if n_iter = 1: d = −g;  H = 1;  history = []
///         else:
///             y = g − g_prev;  s = t·d
///             if y·s &gt; 1e-10: append (y, s, ρ = 1/(y·s)), dropping the oldest beyond m;  H = y·s/(y·y)
///             q = −g;  for i newest … oldest: α_i = ρ_i·(s_i·q);  q −= α_i·y_i
///             d = H·q;  for i oldest … newest: β = ρ_i·(y_i·d);  d += (α_i − β)·s_i
///         g_prev = g
///         t = (n_iter = 1 ? min(1, 1/Σ|g|) : 1)·lr
///         if g·d &gt; −tolerance_change: stop
///         strong_wolfe: f, g, t = line search along d from t;  θ += t·d
///         otherwise:    θ += t·d;  unless k = max_iter: f, g = closure()
///         stop if k = max_iter, evals ≥ max_eval, max|g| ≤ tolerance_grad, max|t·d| ≤ tolerance_change
///              or |f − f_prev| &lt; tolerance_change
///     return the first f
/// </code>
/// Vector arithmetic and dot products are in T, as torch's tensors; the loss and the step length t are doubles, as
/// torch's Python floats. The state is saved on the first parameter, as torch does.
/// </remarks>
public sealed class Lbfgs<T> : IClosureOptimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // torch's threshold on y·s below which a pair is not remembered (a Python float compared with a T tensor).
    private const double CurvatureThreshold = 1e-10;

    private readonly ParamGroup<T, LbfgsOptions> _group;
    private readonly IReadOnlyList<Parameter<T>>[] _parameterLists;
    private readonly OptimizerOptions[] _groupOptions;
    private readonly int _length;
    private readonly T[] _gradient;
    private readonly T[] _start;
    private readonly T[] _y;
    private readonly T[] _s;
    private LbfgsState<T>? _state;

    /// <summary>L-BFGS over parameters (default options: torch's).</summary>
    public Lbfgs(IEnumerable<Parameter<T>> parameters, LbfgsOptions? options = null)
        : this([new ParamGroup<T, LbfgsOptions>(parameters, options ?? new LbfgsOptions())])
    {
    }

    /// <summary>L-BFGS over exactly one parameter group (torch refuses more).</summary>
    public Lbfgs(IEnumerable<ParamGroup<T, LbfgsOptions>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var all = groups.ToArray();
        if (all.Length == 0) throw new ArgumentException("optimizer got an empty parameter list", nameof(groups));
        if (all.Length != 1) throw new ArgumentException("LBFGS doesn't support per-parameter options (parameter groups)", nameof(groups));
        _group = all[0];
        // torch fills in max_eval when it is built, so a saved state and a run's header show the number used.
        _group.Options.MaxEval ??= _group.Options.EffectiveMaxEval;
        _group.Options.Validate();
        var seen = new HashSet<Parameter<T>>(ReferenceEqualityComparer.Instance);
        foreach (var parameter in _group.Parameters)
        {
            // One flat vector: a parameter twice would be moved twice by every update.
            if (!seen.Add(parameter))
                throw new ArgumentException($"parameter group 0 holds parameter '{parameter.Name}' twice (torch warns and updates it twice per step; here it is refused)", nameof(groups));
        }

        _parameterLists = [_group.Parameters];
        _groupOptions = [_group.Options];
        _length = _group.Parameters.Sum(p => p.Length);
        _gradient = new T[_length];
        _start = new T[_length];
        _y = new T[_length];
        _s = new T[_length];
    }

    /// <inheritdoc />
    public string Name => "LBFGS";

    /// <inheritdoc />
    /// <remarks>L-BFGS checks the gradient of its first evaluation only.</remarks>
    public NonFiniteGradientPolicy NonFiniteGradients { get; set; }

    /// <summary>The one parameter group with its options.</summary>
    public ParamGroup<T, LbfgsOptions> Group => _group;

    /// <inheritdoc />
    public IReadOnlyList<OptimizerOptions> GroupOptions => _groupOptions;

    /// <inheritdoc />
    public IEnumerable<Parameter<T>> Parameters => _group.Parameters;

    /// <inheritdoc />
    public long StepsTaken { get; private set; }

    /// <inheritdoc />
    public IOptimizerDynamics Dynamics { get; } = new NoPlateauInstability(
        "L-BFGS keeps no decaying gradient statistics: its direction is −H·g with H built from measured curvature pairs, so a vanishing gradient gives a vanishing step, and a step stops at once when max|g| ≤ tolerance_grad.");

    /// <summary>The state, or null before the first step.</summary>
    public LbfgsState<T>? State => _state;

    /// <summary>Refused: an L-BFGS step evaluates the objective several times and needs a closure.</summary>
    public StepOutcome Step() =>
        throw new InvalidOperationException("LBFGS needs a closure that re-evaluates the loss and gradient: call Step(closure), as torch's step(closure).");

    /// <inheritdoc />
    public double Step(Func<double> closure)
    {
        ArgumentNullException.ThrowIfNull(closure);
        double loss = closure();
        Step(loss, closure);
        return loss;
    }

    /// <inheritdoc />
    public StepOutcome Step(double loss, Func<double> reevaluate)
    {
        ArgumentNullException.ThrowIfNull(reevaluate);
        var o = _group.Options;
        o.Validate();
        GatherGradient(_gradient);
        int bad = FiniteCheck.IndexOfNonFinite<T>(_gradient);
        if (bad >= 0)
        {
            if (NonFiniteGradients == NonFiniteGradientPolicy.SkipStep) return StepOutcome.SkippedNonFiniteGradient;
            var (name, index) = Locate(bad);
            throw new NonFiniteGradientException(StepsTaken + 1, name, index, double.CreateTruncating(_gradient[bad]));
        }

        var state = _state ??= new LbfgsState<T>(_length, o.HistorySize);
        StepsTaken++;
        state.FunctionEvaluations++;
        T toleranceGrad = T.CreateTruncating(o.ToleranceGrad);
        T toleranceChange = T.CreateTruncating(o.ToleranceChange);
        if (NormKernel.MaxMagnitude<T>(_gradient) <= toleranceGrad) return StepOutcome.Taken;

        var flat = _gradient;
        var d = state.Direction;
        int evaluations = 1;
        double t = double.CreateTruncating(state.StepLength[0]);
        for (int iteration = 1; iteration <= o.MaxIter; iteration++)
        {
            state.Step++;
            if (state.Step == 1)
            {
                Negate(flat, d);
                state.HistoryLength = 0;
                state.HessianDiagonal[0] = T.One;
            }
            else
            {
                UpdateHistory(state, flat, t);
                TwoLoopDirection(state, flat);
            }

            flat.CopyTo(state.PreviousGradient, 0);
            double previousLoss = loss;

            if (state.Step == 1)
            {
                // min(1, 1/Σ|g|)·lr, where 1/Σ|g| is a T tensor and 1 a Python float.
                T inverse = T.One / T.CreateTruncating(NormKernel.SumOfMagnitudes<T>(flat));
                t = inverse < T.One ? double.CreateTruncating(inverse * T.CreateTruncating(o.Lr)) : o.Lr;
            }
            else
            {
                t = o.Lr;
            }

            T gtd = DotKernel.Dot<T>(flat, d);
            if (gtd > -toleranceChange) break;

            int searchEvaluations;
            bool optimal;
            if (o.LineSearchFn is null)
            {
                AddToParameters(t, d);
                searchEvaluations = 0;
                optimal = false;
                if (iteration != o.MaxIter)
                {
                    // Not after the last iteration: the next step evaluates there anyway.
                    loss = reevaluate();
                    GatherGradient(flat);
                    optimal = NormKernel.MaxMagnitude<T>(flat) <= toleranceGrad;
                    searchEvaluations = 1;
                }
            }
            else
            {
                CopyParameters(_start);
                var found = StrongWolfeLineSearch.Search<T>(s => EvaluateAlong(reevaluate, s, d), d, t, loss, flat,
                    double.CreateTruncating(gtd), o.ToleranceChange);
                loss = found.Loss;
                found.Grad.CopyTo(flat, 0);
                t = found.Step;
                searchEvaluations = found.Evaluations;
                AddToParameters(t, d);
                optimal = NormKernel.MaxMagnitude<T>(flat) <= toleranceGrad;
            }

            evaluations += searchEvaluations;
            state.FunctionEvaluations += searchEvaluations;

            if (iteration == o.MaxIter || evaluations >= o.EffectiveMaxEval || optimal) break;
            if (MaxScaledMagnitude(d, T.CreateTruncating(t)) <= toleranceChange) break;
            if (Math.Abs(loss - previousLoss) < o.ToleranceChange) break;
        }

        state.StepLength[0] = T.CreateTruncating(t);
        return StepOutcome.Taken;
    }

    /// <summary>Remembers the pair (y, s) of the last iteration if its curvature y·s is positive enough.</summary>
    private void UpdateHistory(LbfgsState<T> state, T[] gradient, double t)
    {
        T step = T.CreateTruncating(t);
        for (int i = 0; i < _length; i++)
        {
            _y[i] = gradient[i] - state.PreviousGradient[i];
            _s[i] = state.Direction[i] * step;
        }

        T ys = DotKernel.Dot<T>(_y, _s);
        if (!(ys > T.CreateTruncating(CurvatureThreshold))) return;
        int row = state.Append();
        _y.CopyTo(state.GradientChange(row));
        _s.CopyTo(state.StepRow(row));
        state.Curvatures[row] = T.One / ys;
        state.HessianDiagonal[0] = ys / DotKernel.Dot<T>(_y, _y);
    }

    /// <summary>d = −H·g by the two-loop recursion over the remembered pairs, with H0 = γ·I.</summary>
    private static void TwoLoopDirection(LbfgsState<T> state, T[] gradient)
    {
        var d = state.Direction;
        int count = state.HistoryLength;
        Span<T> alpha = count <= 128 ? stackalloc T[count] : new T[count];
        Negate(gradient, d);
        for (int i = count - 1; i >= 0; i--)
        {
            alpha[i] = DotKernel.Dot<T>(state.StepRow(i), d) * state.Curvatures[i];
            AxpyKernel.Add<T>(d, -alpha[i], state.GradientChange(i));
        }

        ScaleKernel.Multiply<T>(d, state.HessianDiagonal[0]);
        for (int i = 0; i < count; i++)
        {
            T beta = DotKernel.Dot<T>(state.GradientChange(i), d) * state.Curvatures[i];
            AxpyKernel.Add<T>(d, alpha[i] - beta, state.StepRow(i));
        }
    }

    /// <summary>torch's <c>_directional_evaluate</c>: the loss and a fresh gradient at θ + t·d, then θ back to the saved values.</summary>
    private (double Loss, T[] Grad) EvaluateAlong(Func<double> reevaluate, double t, T[] d)
    {
        AddToParameters(t, d);
        double loss = reevaluate();
        var gradient = new T[_length];
        GatherGradient(gradient);
        SetParameters(_start);
        return (loss, gradient);
    }

    private static void Negate(ReadOnlySpan<T> from, Span<T> to)
    {
        for (int i = 0; i < from.Length; i++) to[i] = -from[i];
    }

    private static T MaxScaledMagnitude(ReadOnlySpan<T> d, T t)
    {
        T max = T.Zero;
        foreach (T value in d)
        {
            T magnitude = T.Abs(value * t);
            if (T.IsNaN(magnitude)) return magnitude;
            if (magnitude > max) max = magnitude;
        }

        return max;
    }

    /// <summary>torch's <c>_gather_flat_grad</c>: every gradient in order, zeros for a parameter without one.</summary>
    private void GatherGradient(Span<T> flat)
    {
        int offset = 0;
        foreach (var parameter in _group.Parameters)
        {
            var slice = flat.Slice(offset, parameter.Length);
            if (parameter.HasGrad) parameter.Grad.CopyTo(slice);
            else slice.Clear();
            offset += parameter.Length;
        }
    }

    /// <summary>θ += t·d, with t rounded to T (torch's <c>add_(d, alpha=t)</c>).</summary>
    private void AddToParameters(double t, ReadOnlySpan<T> d)
    {
        T alpha = T.CreateTruncating(t);
        int offset = 0;
        foreach (var parameter in _group.Parameters)
        {
            AxpyKernel.Add<T>(parameter.Value, alpha, d.Slice(offset, parameter.Length));
            offset += parameter.Length;
        }
    }

    private void CopyParameters(Span<T> flat)
    {
        int offset = 0;
        foreach (var parameter in _group.Parameters)
        {
            parameter.Value.CopyTo(flat.Slice(offset, parameter.Length));
            offset += parameter.Length;
        }
    }

    private void SetParameters(ReadOnlySpan<T> flat)
    {
        int offset = 0;
        foreach (var parameter in _group.Parameters)
        {
            flat.Slice(offset, parameter.Length).CopyTo(parameter.Value);
            offset += parameter.Length;
        }
    }

    private (string Name, int Index) Locate(int flatIndex)
    {
        foreach (var parameter in _group.Parameters)
        {
            if (flatIndex < parameter.Length) return (parameter.Name, flatIndex);
            flatIndex -= parameter.Length;
        }

        throw new ArgumentOutOfRangeException(nameof(flatIndex));
    }

    /// <inheritdoc />
    /// <remarks>The shared format, with the state on the first parameter, plus its two counts: <c>history_length</c> and <c>func_evals</c>.</remarks>
    public JsonObject SaveState()
    {
        var states = new LbfgsState<T>?[][] { new LbfgsState<T>?[_group.Parameters.Count] };
        states[0][0] = _state;
        var root = OptimizerStateJson.Save<T, LbfgsOptions, LbfgsState<T>>(Name, [_group.Options], _parameterLists, states, StepsTaken);
        if (_state is not null && FirstStateNode(root) is JsonObject node)
        {
            node["history_length"] = _state.HistoryLength;
            node["func_evals"] = _state.FunctionEvaluations;
        }

        return root;
    }

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        var options = _group.Options;
        var loaded = OptimizerStateJson.Load<T, LbfgsOptions, LbfgsState<T>>(state, Name, _parameterLists,
            (_, _) => new LbfgsState<T>(_length, options.HistorySize));
        var loadedState = loaded.States[0][0];
        for (int p = 1; p < loaded.States[0].Length; p++)
        {
            if (loaded.States[0][p] is not null)
                throw new InvalidDataException($"groups[0].parameters[{p}] has a state; LBFGS keeps its state on the first parameter only.");
        }

        if (loaded.Options[0].HistorySize != options.HistorySize)
            throw new InvalidDataException($"The state was saved with history_size {loaded.Options[0].HistorySize}; this optimizer has {options.HistorySize}.");
        if (loadedState is not null)
        {
            var node = (JsonObject)FirstStateNode(state)!;
            int history = node["history_length"]?.GetValue<int>() ?? throw new InvalidDataException("groups[0].parameters[0].state lacks \"history_length\".");
            long evaluations = node["func_evals"]?.GetValue<long>() ?? throw new InvalidDataException("groups[0].parameters[0].state lacks \"func_evals\".");
            if (history < 0 || history > options.HistorySize)
                throw new InvalidDataException($"groups[0].parameters[0].state.history_length is {history}, outside 0…{options.HistorySize}.");
            if (evaluations < 0) throw new InvalidDataException($"groups[0].parameters[0].state.func_evals is negative: {evaluations}.");
            loadedState.HistoryLength = history;
            loadedState.FunctionEvaluations = evaluations;
        }

        // Everything was read and checked; only now is anything changed.
        loaded.Options[0].MaxEval ??= loaded.Options[0].EffectiveMaxEval;
        _group.Options = loaded.Options[0];
        _groupOptions[0] = loaded.Options[0];
        _state = loadedState;
        StepsTaken = loaded.StepsTaken;
    }

    private static JsonNode? FirstStateNode(JsonNode root) => root["groups"]?[0]?["parameters"]?[0]?["state"];
}
