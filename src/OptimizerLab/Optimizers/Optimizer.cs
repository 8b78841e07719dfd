using System.Numerics;
using System.Text.Json.Nodes;
using OptimizerLab.Kernels;

namespace OptimizerLab.Optimizers;

/// <summary>
/// The shared machinery of every optimizer: parameter groups, lazily created per-parameter state, the non-finite
/// gradient check, validation before each step, and state save/load. A concrete optimizer supplies only how its state
/// starts (a function given to the constructor) and its per-parameter update (torch's <c>_single_tensor_*</c> function).
/// </summary>
public abstract class Optimizer<T, TOptions, TState> : IOptimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TOptions : OptimizerOptions
    where TState : ParamState<T>
{
    private readonly ParamGroup<T, TOptions>[] _groups;
    private readonly TState?[][] _states;
    private readonly OptimizerOptions[] _groupOptions;
    private readonly Func<Parameter<T>, TOptions, TState> _createState;

    /// <summary>Builds the optimizer over parameter groups; every group's options are validated here.</summary>
    /// <param name="name">torch's class name (<c>SGD</c>, <c>RMSprop</c>), saved with the state and checked on load.</param>
    /// <param name="groups">The parameter groups, each with its options.</param>
    /// <param name="createState">The zero state of a parameter (with its group's options) before its first update.</param>
    protected Optimizer(string name, IEnumerable<ParamGroup<T, TOptions>> groups, Func<Parameter<T>, TOptions, TState> createState)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _groups = groups.ToArray();
        if (_groups.Length == 0) throw new ArgumentException("optimizer got an empty parameter list", nameof(groups));

        var groupOf = new Dictionary<Parameter<T>, int>(ReferenceEqualityComparer.Instance);
        for (int g = 0; g < _groups.Length; g++)
        {
            _groups[g].Options = Complete(_groups[g].Options);
            _groups[g].Options.Validate();
            foreach (var parameter in _groups[g].Parameters)
            {
                // torch raises across groups and only warns within one; a parameter twice in a group would be
                // updated twice per step with one state, so it is refused here too, with a message that says so.
                if (groupOf.TryGetValue(parameter, out int first))
                    throw new ArgumentException(first == g
                        ? $"parameter group {g} holds parameter '{parameter.Name}' twice (torch warns and updates it twice per step; here it is refused)"
                        : $"some parameters appear in more than one parameter group ('{parameter.Name}' in groups {first} and {g})", nameof(groups));
                groupOf.Add(parameter, g);
            }
        }

        _states = _groups.Select(g => new TState?[g.Parameters.Count]).ToArray();
        _createState = createState;
        Name = name;
        _groupOptions = _groups.Select(g => (OptimizerOptions)g.Options).ToArray();
    }

    /// <inheritdoc />
    public virtual string Name { get; }

    /// <inheritdoc />
    public NonFiniteGradientPolicy NonFiniteGradients { get; set; }

    /// <summary>The parameter groups with their options.</summary>
    public IReadOnlyList<ParamGroup<T, TOptions>> Groups => _groups;

    /// <inheritdoc />
    public IReadOnlyList<OptimizerOptions> GroupOptions => _groupOptions;

    /// <inheritdoc />
    public IEnumerable<Parameter<T>> Parameters => _groups.SelectMany(g => g.Parameters);

    /// <inheritdoc />
    public long StepsTaken { get; private set; }

    /// <inheritdoc />
    public abstract IOptimizerDynamics Dynamics { get; }

    /// <summary>The state of a parameter, or null before its first update.</summary>
    public TState? StateOf(Parameter<T> parameter)
    {
        for (int g = 0; g < _groups.Length; g++)
        {
            for (int p = 0; p < _groups[g].Parameters.Count; p++)
            {
                if (ReferenceEquals(_groups[g].Parameters[p], parameter)) return _states[g][p];
            }
        }

        throw new ArgumentException($"Parameter '{parameter.Name}' is not in this optimizer.", nameof(parameter));
    }

    /// <inheritdoc />
    public StepOutcome Step()
    {
        foreach (var group in _groups) group.Options.Validate();
        if (!GradientsAreFinite()) return StepOutcome.SkippedNonFiniteGradient;

        for (int g = 0; g < _groups.Length; g++)
        {
            var group = _groups[g];
            for (int p = 0; p < group.Parameters.Count; p++)
            {
                var parameter = group.Parameters[p];
                if (!parameter.HasGrad) continue;
                var state = _states[g][p] ??= _createState(parameter, group.Options);
                // Every torch optimizer counts the step first (state['step'] += 1) and computes with the new count.
                state.Step++;
                Update(parameter, state, group.Options);
            }
        }

        StepsTaken++;
        return StepOutcome.Taken;
    }

    /// <summary>
    /// Every parameter in value order (the order of <see cref="Parameters"/>, values laid end to end) with its group's
    /// options, its state (null before its first update) and the index of its first value: what an optimizer's
    /// <see cref="IOptimizerDynamics"/> reads its step sizes from.
    /// </summary>
    internal IEnumerable<(Parameter<T> Parameter, TOptions Options, TState? State, int Offset)> Values()
    {
        int offset = 0;
        for (int g = 0; g < _groups.Length; g++)
        {
            for (int p = 0; p < _groups[g].Parameters.Count; p++)
            {
                var parameter = _groups[g].Parameters[p];
                yield return (parameter, _groups[g].Options, _states[g][p], offset);
                offset += parameter.Length;
            }
        }
    }

    /// <summary>
    /// A frozen copy, in double, of the state buffers a step-size projection needs: each parameter's options, step count
    /// and the named buffers (a parameter without state gets zeros).
    /// </summary>
    internal FrozenState<TOptions> Freeze(params Func<TState, T[]>[] buffers)
    {
        var segments = new List<FrozenSegment<TOptions>>();
        int total = Parameters.Sum(p => p.Length);
        var copies = buffers.Select(_ => new double[total]).ToArray();
        foreach (var (parameter, options, state, offset) in Values())
        {
            segments.Add(new FrozenSegment<TOptions>(options, state?.Step ?? 0, offset, parameter.Length));
            if (state is null) continue;
            for (int b = 0; b < buffers.Length; b++)
            {
                T[] values = buffers[b](state);
                for (int i = 0; i < values.Length && i < parameter.Length; i++) copies[b][offset + i] = double.CreateTruncating(values[i]);
            }
        }

        return new FrozenState<TOptions>(segments, copies, _groups[0].Options.Lr, StepsTaken);
    }

    /// <summary>
    /// The options a group runs with, given the options it was built or loaded with: the identity, except where an
    /// optimizer fills in what its options type cannot say (AdamW: decoupled decay, and its own default weight decay).
    /// </summary>
    protected virtual TOptions Complete(TOptions options) => options;

    /// <summary>One update of one parameter, following torch's single-tensor code operation by operation; <c>state.Step</c> already counts it.</summary>
    protected abstract void Update(Parameter<T> parameter, TState state, TOptions options);

    private bool GradientsAreFinite()
    {
        foreach (var group in _groups)
        {
            // An index loop: foreach over the IReadOnlyList would allocate an enumerator every step.
            for (int p = 0; p < group.Parameters.Count; p++)
            {
                var parameter = group.Parameters[p];
                if (!parameter.HasGrad) continue;
                // No length check: Parameter allocates Grad with Value's length and neither array can be replaced.
                int bad = FiniteCheck.IndexOfNonFinite<T>(parameter.Grad);
                if (bad < 0) continue;
                if (NonFiniteGradients == NonFiniteGradientPolicy.SkipStep) return false;
                throw new NonFiniteGradientException(StepsTaken + 1, parameter.Name, bad, double.CreateTruncating(parameter.Grad[bad]));
            }
        }

        return true;
    }

    /// <inheritdoc />
    public JsonObject SaveState() =>
        OptimizerStateJson.Save<T, TOptions, TState>(Name, _groups.Select(g => g.Options).ToArray(),
            _groups.Select(g => g.Parameters).ToArray(), _states, StepsTaken);

    /// <inheritdoc />
    public void LoadState(JsonNode state)
    {
        var loaded = OptimizerStateJson.Load<T, TOptions, TState>(state, Name,
            _groups.Select(g => g.Parameters).ToArray(), (g, p) => _createState(_groups[g].Parameters[p], _groups[g].Options));

        // Everything was read and checked; only now is anything changed.
        for (int g = 0; g < _groups.Length; g++)
        {
            _groups[g].Options = Complete(loaded.Options[g]);
            _groupOptions[g] = _groups[g].Options;
            Array.Copy(loaded.States[g], _states[g], _states[g].Length);
        }

        StepsTaken = loaded.StepsTaken;
    }
}
