using System.Numerics;
using OptimizerLab.Optimizers;

namespace OptimizerLab.TestTable;

/// <summary>How an optimizer's weight decay acts by default, and the setting that decouples it where one does.</summary>
public enum WeightDecayKind
{
    /// <summary>No weight_decay option.</summary>
    None,

    /// <summary>torch's L2 form: the gradient plus λ·θ (<see cref="OptimizerEntry.DecoupledBy"/> may switch it).</summary>
    Coupled,

    /// <summary>Always θ·(1 − lr·λ) (AdamW, Lion).</summary>
    Decoupled,
}

/// <summary>One step of an optimizer from settings, parameters θ0 and gradient g to θ1, computed by hand.</summary>
public sealed record HandStep(string Settings, double[] Before, double[] Gradient, double[] After);

/// <summary>torch's valid range of one numeric option, and the name its error carries (<c>betas</c> for beta1 and beta2).</summary>
public sealed record OptionRange(Func<double, bool> Valid, string ParamName);

/// <summary>
/// One torch <c>state_dict</c> shape: the settings (key=value joined by '|'), torch's class name, its per-parameter keys in
/// order, and which of them torch keeps as 0-d tensors (one-element buffers here: NAdam's mu_product, ASGD's eta and mu).
/// </summary>
public sealed record StateKeys(string Settings, string TorchClass, string[] Keys, string[]? Scalars = null);

/// <summary>A kernel call over <paramref name="Spans"/> equally long spans, for the test that shortens each in turn.</summary>
public sealed record KernelSpans(string Label, int Spans, Action<double[][]> Update);

/// <summary>
/// TorchSharp's constructor of the same optimizer (<c>torch.optim.&lt;Function&gt;</c>), called with the parameters and then
/// <paramref name="Arguments"/> in its positional order, every hyper-parameter explicit (some TorchSharp defaults are not
/// torch's). <paramref name="Refuses"/> names options TorchSharp lacks or computes differently, so a case with them fails
/// instead of being compared against something else.
/// </summary>
public sealed record TorchSharpOptimizer<TOptions>(string Function, Func<TOptions, object[]> Arguments, Func<TOptions, string?>? Refuses = null);

/// <summary>
/// One TorchSharp parity case of an entry, without its options type: TorchSharp's function and arguments, whether it
/// refuses the options (and why), and the tolerance terms U and R_s (tests/Regression ParityTolerance states the bound).
/// </summary>
public sealed record TorchSharpParityCase(
    string Name,
    OptimizerEntry Entry,
    OptimizerOptions Options,
    string Function,
    Func<OptimizerOptions, object[]> Arguments,
    string? Refused,
    double UlpsPerStep,
    Func<long, double, double> UpdateUlps,
    double LossScale)
{
    /// <summary>The part of U that depends on ε of the dtype (ulps of max(1, |θ|) per step); none unless the entry sets it.</summary>
    public Func<double, double> UlpsPerStepAt { get; init; } = _ => 0;
}

/// <summary>
/// One optimizer of the catalog, as every generic test sees it (PyTorch's <c>OptimizerInfo</c>): the settings its
/// properties draw from, how its weight decay acts, which generic properties hold for it (and why not, where one does
/// not), its option-pinning cases against its scalar model of torch's algorithm, its snapshot problems and its parity.
/// A new optimizer is one class deriving from <see cref="OptimizerEntry{TOptions}"/> in tests/Table/Entries;
/// <see cref="OptimizerTable"/> finds it by reflection.
/// </summary>
public abstract class OptimizerEntry
{
    /// <summary>Weight decay off (the default) or on, for <see cref="Settings"/>.</summary>
    protected static readonly string[] WeightDecayValues = ["", "0.01"];

    /// <summary>A boolean switch at its default (off) or on, for <see cref="Settings"/>.</summary>
    protected static readonly string[] Switch = ["", "true"];

    /// <summary>Its catalog name.</summary>
    public abstract string Name { get; }

    /// <summary>
    /// Torch-named settings to draw from, as alternatives (one is picked, then one value per key; "" keeps the default):
    /// the learning rate on a grid and each switch that selects another code path.
    /// </summary>
    public abstract (string Key, string[] Values)[][] Settings { get; }

    /// <summary>
    /// Its options in torch's signature order, as <c>OptimizerCatalog.Describe</c> lists them (tuples by element:
    /// <c>beta1 beta2</c>), space-separated.
    /// </summary>
    public abstract string OptionOrder { get; }

    /// <summary>torch's per-parameter state keys for settings that shape the state (defaults first).</summary>
    public abstract StateKeys[] State { get; }

    /// <summary>
    /// The valid range of each numeric option (torch's error inputs): <see cref="CommonRanges"/>, and an entry with
    /// options of its own adds them with <see cref="CommonRangesAnd"/>.
    /// </summary>
    public virtual IReadOnlyDictionary<string, OptionRange> OptionRanges => CommonRanges;

    /// <summary>Ranges of options several optimizers share, by torch name.</summary>
    protected static readonly IReadOnlyDictionary<string, OptionRange> CommonRanges = new Dictionary<string, OptionRange>
    {
        ["lr"] = new(v => v >= 0 && double.IsFinite(v), "lr"),
        ["eps"] = new(v => v >= 0 && double.IsFinite(v), "eps"),
        ["weight_decay"] = new(v => v >= 0 && double.IsFinite(v), "weight_decay"),
        ["momentum"] = new(v => v >= 0 && double.IsFinite(v), "momentum"),
        ["beta1"] = new(v => v >= 0 && v < 1, "betas"),
        ["beta2"] = new(v => v >= 0 && v < 1, "betas"),
    };

    /// <summary><see cref="CommonRanges"/> plus an entry's own options.</summary>
    protected static IReadOnlyDictionary<string, OptionRange> CommonRangesAnd(params (string Option, OptionRange Range)[] own)
    {
        var ranges = new Dictionary<string, OptionRange>(CommonRanges);
        foreach (var (option, range) in own) ranges.Add(option, range);
        return ranges;
    }

    /// <summary>True when its first moment is torch's <c>lerp_</c> with weight 1 − beta1 (checked at beta1 = 0.5, where lerp switches formula).</summary>
    public virtual bool FirstMomentIsLerp => false;

    /// <summary>Its kernels, called with spans that the span-length test shortens one at a time.</summary>
    public abstract KernelSpans[] Kernels { get; }

    /// <summary>How weight decay acts at the optimizer's defaults.</summary>
    public virtual WeightDecayKind WeightDecay => WeightDecayKind.Coupled;

    /// <summary>The boolean option that makes a coupled decay decoupled (<c>decoupled_weight_decay</c>), or null.</summary>
    public virtual string? DecoupledBy => null;

    /// <summary>
    /// Why a loss scaled by c is not seen only through eps (the step is not m/(sqrt(v̂)+eps)), or null when it is:
    /// Adam, RMSprop, Adagrad and kin.
    /// </summary>
    public virtual string? NotScaleInvariantUpToEps => null;

    /// <summary>
    /// True when, with momentum 0 and no decay, the step is a multiple of the current gradient only, so a zero gradient
    /// changes nothing at any step (SGD, RMSprop, Adagrad, Adadelta).
    /// </summary>
    public virtual bool MomentumFree => false;

    /// <summary>Why lr = 0 does not freeze a group, or null when it does (every update is lr times something).</summary>
    public virtual string? LrZeroMoves => null;

    /// <summary>Why a zero gradient at the first step moves θ even without weight decay, or null when it does not (the buffers start empty).</summary>
    public virtual string? ZeroGradientMoves => null;

    /// <summary>State buffers that hold θ itself or an average of it (ASGD's <c>ax</c>): an infinite θ is infinite there too.</summary>
    public virtual string[] BuffersHoldingTheta => [];

    /// <summary>The snapshot problems the optimizer runs on at its defaults (with their step counts from the snapshot table).</summary>
    public virtual string[] SnapshotProblems => ["seed", "logistic", "rosenbrock"];

    /// <summary>
    /// Steps computed by hand from the algorithm (settings, θ0, g, θ1, exact in double), checked by
    /// <c>OptimizerTableTests</c>; for an optimizer whose numbers no torch parity test checks, they are the reference.
    /// </summary>
    public virtual HandStep[] HandSteps => [];

    /// <summary>Where its numbers are checked against torch, in a sentence: TorchSharp, PyTorch 1.13 fixtures, or why neither.</summary>
    public abstract string Parity { get; }

    /// <summary>PyTorch 1.13 fixtures (tests/Regression/Fixtures/pytorch-1.13, manifest.json names) its parity tests read.</summary>
    public virtual string[] PyTorchFixtures => [];

    /// <summary>The option-pinning cases by name; each runs in float32 and float64 against the scalar model.</summary>
    public abstract IEnumerable<string> PinningCases { get; }

    /// <summary>The options of one pinning case (a fresh copy).</summary>
    public abstract OptimizerOptions PinningOptions(string caseName);

    /// <summary>The library optimizer over one parameter with options of its type.</summary>
    public abstract IOptimizer<T> Build<T>(IReadOnlyList<Parameter<T>> parameters, OptimizerOptions options) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Runs one pinning case in one precision ("float32" or "float64") against the scalar model (<see cref="PinnedRun"/>).</summary>
    public abstract void Pin(string caseName, string precision);

    /// <summary>The TorchSharp parity cases (none when TorchSharp has no faithful counterpart).</summary>
    public abstract IEnumerable<TorchSharpParityCase> TorchSharpParity { get; }

    /// <summary>A TorchSharp parity case for any options of this optimizer (the departure and sensitivity tests build their own).</summary>
    public abstract TorchSharpParityCase TorchSharpCase(string name, OptimizerOptions options);

    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>The part of every entry that depends on its options type: pinning cases and model, TorchSharp parity.</summary>
public abstract class OptimizerEntry<TOptions> : OptimizerEntry where TOptions : OptimizerOptions
{
    /// <summary>The option cases: each sets options whose order or form the model pins, with non-default values.</summary>
    public abstract IReadOnlyDictionary<string, TOptions> Pinning { get; }

    /// <summary>The scalar model of torch's single-tensor algorithm (or the paper's, for an optimizer torch lacks).</summary>
    public abstract IReferenceStep<T> Model<T>(TOptions options) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The library optimizer over one parameter; the catalog's constructor unless an entry needs another.</summary>
    public virtual IOptimizer<T> Create<T>(IReadOnlyList<Parameter<T>> parameters, TOptions options) where T : unmanaged, IFloatingPointIeee754<T> =>
        OptimizerCatalog.Create(Name, parameters, options);

    /// <summary>TorchSharp's counterpart, or null where it has none (then <see cref="TorchSharpCases"/> is empty).</summary>
    public virtual TorchSharpOptimizer<TOptions>? TorchSharp => null;

    /// <summary>Option cases run side by side with <see cref="TorchSharp"/> for 1000 steps, by name.</summary>
    public virtual IReadOnlyDictionary<string, TOptions> TorchSharpCases { get; } = new Dictionary<string, TOptions>();

    /// <summary>
    /// U of the parity bound: ulps of max(1, |θ|) the two sides may drift apart per step (tests/Regression ParityTolerance
    /// states the bound); 2 (one rounding of θ each, doubled) unless the two compute an operation differently.
    /// </summary>
    public virtual double UlpsPerStep(TOptions options) => 2;

    /// <summary>
    /// The part of U that depends on ε of the dtype (e.g. a scalar one side keeps in float32 whatever the dtype); 0 unless set.
    /// </summary>
    public virtual double UlpsPerStepAt(TOptions options, double epsilonT) => 0;

    /// <summary>R_s of the parity bound: ulps of step s's largest update, given ε of the dtype; 0 unless set.</summary>
    public virtual double UpdateUlps(TOptions options, long step, double epsilonT) => 0;

    /// <summary>The multiple of the summed squared error both parity sides train on (1 unless a case needs smaller gradients).</summary>
    public virtual double ParityLossScale => 1;

    public override IEnumerable<string> PinningCases => Pinning.Keys;

    public override OptimizerOptions PinningOptions(string caseName) => Pinning[caseName] with { };

    public override IOptimizer<T> Build<T>(IReadOnlyList<Parameter<T>> parameters, OptimizerOptions options) => Create(parameters, (TOptions)options);

    public override IEnumerable<TorchSharpParityCase> TorchSharpParity => TorchSharpCases.Select(c => TorchSharpCase(c.Key, c.Value));

    public override TorchSharpParityCase TorchSharpCase(string name, OptimizerOptions options)
    {
        var torch = TorchSharp ?? throw new InvalidOperationException($"{Name} has no TorchSharp counterpart in its test-table entry.");
        var typed = (TOptions)options;
        return new(name, this, typed, torch.Function, o => torch.Arguments((TOptions)o), torch.Refuses?.Invoke(typed),
            UlpsPerStep(typed), (step, epsilonT) => UpdateUlps(typed, step, epsilonT), ParityLossScale)
        {
            UlpsPerStepAt = epsilonT => UlpsPerStepAt(typed, epsilonT),
        };
    }

    public override void Pin(string caseName, string precision)
    {
        if (precision == "float32") Pin<float>(caseName);
        else Pin<double>(caseName);
    }

    private void Pin<T>(string caseName) where T : unmanaged, IFloatingPointIeee754<T> =>
        PinnedRun.Pin($"{Name} {caseName}", p => Create([p], Pinning[caseName]), Model<T>(Pinning[caseName]));
}
