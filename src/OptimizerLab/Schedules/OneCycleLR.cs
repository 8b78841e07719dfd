using System.Diagnostics;
using System.Text.Json.Nodes;
using OptimizerLab.Numerics;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

namespace OptimizerLab.Schedules;

/// <summary>
/// The 1cycle policy (<c>torch.optim.lr_scheduler.OneCycleLR</c>; Smith and Topin, "Super-Convergence", 2017): the
/// learning rate rises from <c>max_lr/div_factor</c> to <c>max_lr</c>, then falls to
/// <c>max_lr/div_factor/final_div_factor</c>, while the momentum (beta1 for the Adam family) moves the other way.
/// Step it after every batch, <c>total_steps</c> times at most.
/// </summary>
/// <remarks>
/// torch's formula (closed form; torch's <c>get_lr</c> uses it too), with t = the batch index, T = total_steps, p = pct_start:
/// <code>
/// initial = max_lr/div_factor,  min = initial/final_div_factor
/// two phases:   ends at p·T - 1 (initial → max_lr),  T - 1 (max_lr → min)
/// three phases: ends at p·T - 1 (initial → max_lr),  2·p·T - 2 (max_lr → initial),  T - 1 (initial → min)
/// t lies in the first phase whose end it does not pass (the last phase takes the rest):
///   pct = (t - phase start)/(phase end - phase start),  lr = anneal(phase start lr, phase end lr, pct)
/// momentum alike: max → base → max (three phases: max → base → max → max)
/// anneal cos:    end + (start - end)/2·(cos(π·pct) + 1)
/// anneal linear: (end - start)·pct + start
/// </code>
/// Construction sets each group's <c>initial_lr</c> to <c>max_lr/div_factor</c> and, with <c>cycle_momentum</c>, its
/// momentum to <c>max_momentum</c>, as torch does. Cosine annealing calls <see cref="Math.Cos"/> (the platform's libm, like
/// CPython's <c>math.cos</c>): bit-identical to PyTorch on the same platform, possibly not across platforms.
/// Differences from torch: stepping past <c>total_steps</c>, or into a phase of zero length (torch divides by zero),
/// throws <see cref="InvalidOperationException"/> with nothing changed (torch has already advanced <c>last_epoch</c>);
/// <c>div_factor</c> and <c>final_div_factor</c> must be positive and finite.
/// </remarks>
public sealed class OneCycleLR : LearningRateSchedule
{
    private double[] _phaseEnds;
    private double[] _initialLrs;
    private double[] _maxLrs;
    private double[] _minLrs;
    private double[] _baseMomentums;
    private double[] _maxMomentums;
    private readonly double[] _momentums;

    /// <summary>
    /// One cycle of <paramref name="totalSteps"/> batches, or of <paramref name="epochs"/> × <paramref name="stepsPerEpoch"/>,
    /// peaking at <paramref name="maxLr"/> (one value or one per group). <paramref name="baseMomentum"/> and
    /// <paramref name="maxMomentum"/> default to torch's 0.85 and 0.95.
    /// </summary>
    public OneCycleLR(IOptimizer optimizer, PerGroup maxLr, long? totalSteps = null, int? epochs = null, int? stepsPerEpoch = null,
        double pctStart = 0.3, AnnealStrategy annealStrategy = AnnealStrategy.Cos, bool cycleMomentum = true,
        PerGroup? baseMomentum = null, PerGroup? maxMomentum = null, double divFactor = 25.0, double finalDivFactor = 1e4,
        bool threePhase = false)
        : base(optimizer)
    {
        if (totalSteps is { } total)
        {
            ScheduleCheck.PositiveInteger(total, "total_steps");
            TotalSteps = total;
        }
        else if (epochs is { } e && stepsPerEpoch is { } s)
        {
            ScheduleCheck.PositiveInteger(e, "epochs");
            ScheduleCheck.PositiveInteger(s, "steps_per_epoch");
            TotalSteps = (long)e * s;
        }
        else
        {
            throw new ArgumentException("You must define either total_steps OR (epochs AND steps_per_epoch)", nameof(totalSteps));
        }

        if (!(pctStart >= 0 && pctStart <= 1))
            throw new ArgumentOutOfRangeException("pct_start", pctStart, $"Expected float between 0 and 1 pct_start, but got {PythonFloat.Repr(pctStart)}");
        if (!Enum.IsDefined(annealStrategy))
        {
            throw new ArgumentOutOfRangeException("anneal_strategy", annealStrategy,
                $"anneal_strategy must be one of 'cos' or 'linear', instead got {annealStrategy}");
        }

        ScheduleCheck.PositiveFinite(divFactor, "div_factor");
        ScheduleCheck.PositiveFinite(finalDivFactor, "final_div_factor");
        _maxLrs = maxLr.Expand("max_lr", GroupCount);
        if (cycleMomentum) ScheduleCheck.HasCyclicMomentum(optimizer);
        _maxMomentums = (maxMomentum ?? 0.95).Expand("max_momentum", GroupCount);
        _baseMomentums = (baseMomentum ?? 0.85).Expand("base_momentum", GroupCount);

        _phaseEnds = threePhase
            ? [pctStart * TotalSteps - 1, 2 * pctStart * TotalSteps - 2, TotalSteps - 1]
            : [pctStart * TotalSteps - 1, TotalSteps - 1];
        _initialLrs = new double[GroupCount];
        _minLrs = new double[GroupCount];
        for (int i = 0; i < GroupCount; i++)
        {
            _initialLrs[i] = _maxLrs[i] / divFactor;
            _minLrs[i] = _initialLrs[i] / finalDivFactor;
        }

        _momentums = new double[GroupCount];
        AnnealStrategy = annealStrategy;
        CycleMomentum = cycleMomentum;
        if (!TryLocate(0, out _, out _, out string? problem)) throw new ArgumentOutOfRangeException("pct_start", pctStart, problem);

        // Everything is checked; now change the optimizer, in torch's order.
        for (int i = 0; i < GroupCount; i++)
        {
            Optimizer.GroupOptions[i].InitialLr = _initialLrs[i];
            if (cycleMomentum) Optimizer.GroupOptions[i].CyclicMomentum = _maxMomentums[i];
        }

        Begin();
    }

    /// <summary>Batches in the cycle (torch's <c>total_steps</c>).</summary>
    public long TotalSteps { get; private set; }

    /// <summary>The last batch index of each phase (torch's <c>_schedule_phases[i]["end_step"]</c>); three phases or two.</summary>
    public IReadOnlyList<double> PhaseEnds => _phaseEnds;

    /// <summary>How the learning rate and momentum move within a phase.</summary>
    public AnnealStrategy AnnealStrategy { get; private set; }

    /// <summary>Whether momentum (beta1) moves inversely to the learning rate.</summary>
    public bool CycleMomentum { get; private set; }

    /// <summary>Each group's peak learning rate (torch's <c>group["max_lr"]</c>).</summary>
    public IReadOnlyList<double> MaxLrs => _maxLrs;

    /// <summary>Each group's final learning rate (torch's <c>group["min_lr"]</c>).</summary>
    public IReadOnlyList<double> MinLrs => _minLrs;

    /// <summary>
    /// Finds the phase of batch <paramref name="step"/> and the fraction of it done, as torch's <c>get_lr</c> does.
    /// False, with the reason, where torch would fail: past total_steps, or in a phase of zero length.
    /// </summary>
    private bool TryLocate(long step, out int phase, out double pct, out string? problem)
    {
        (phase, pct, problem) = (0, 0, null);
        if (step > TotalSteps)
        {
            problem = $"Tried to step {step} times. The specified number of total steps is {TotalSteps}";
            return false;
        }

        double startStep = 0.0;
        for (int i = 0; i < _phaseEnds.Length; i++)
        {
            double endStep = _phaseEnds[i];
            if (step <= endStep || i == _phaseEnds.Length - 1)
            {
                if (endStep - startStep == 0)
                {
                    problem = $"Phase {i + 1} of OneCycleLR's {_phaseEnds.Length} ends at step {PythonFloat.Repr(endStep)}, where it starts, so step {step} " +
                        "would divide by zero (torch: ZeroDivisionError). Choose pct_start and total_steps so that every phase spans at least one step.";
                    return false;
                }

                (phase, pct) = (i, (step - startStep) / (endStep - startStep));
                return true;
            }

            startStep = endStep;
        }

        // The last phase takes every step the earlier ones did not, so the loop always returns.
        throw new UnreachableException();
    }

    /// <summary>The (start, end) of phase <paramref name="phase"/> for a group: initial → max → min, or initial → max → initial → min.</summary>
    private (double Start, double End) PhaseLrs(int phase, int group)
    {
        bool three = _phaseEnds.Length == 3;
        return (phase, three) switch
        {
            (0, _) => (_initialLrs[group], _maxLrs[group]),
            (1, true) => (_maxLrs[group], _initialLrs[group]),
            (1, false) => (_maxLrs[group], _minLrs[group]),
            _ => (_initialLrs[group], _minLrs[group]),
        };
    }

    /// <summary>The (start, end) momentum of phase <paramref name="phase"/>: max → base, base → max, then (three phases) max → max.</summary>
    private (double Start, double End) PhaseMomentums(int phase, int group) => phase switch
    {
        0 => (_maxMomentums[group], _baseMomentums[group]),
        1 => (_baseMomentums[group], _maxMomentums[group]),
        _ => (_maxMomentums[group], _maxMomentums[group]),
    };

    private double Anneal(double start, double end, double pct) => AnnealStrategy == AnnealStrategy.Cos
        ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
        : (end - start) * pct + start;

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        if (!TryLocate(epoch, out int phase, out double pct, out string? problem)) throw new InvalidOperationException(problem);
        for (int i = 0; i < lrs.Length; i++)
        {
            var (start, end) = PhaseLrs(phase, i);
            lrs[i] = Anneal(start, end, pct);
            if (!CycleMomentum) continue;
            var (startMomentum, endMomentum) = PhaseMomentums(phase, i);
            _momentums[i] = Anneal(startMomentum, endMomentum, pct);
        }
    }

    private protected override void AfterStep()
    {
        if (!CycleMomentum) return;
        for (int i = 0; i < GroupCount; i++) Optimizer.GroupOptions[i].CyclicMomentum = _momentums[i];
    }

    private protected override void WriteSettings(JsonObject state)
    {
        state["total_steps"] = TotalSteps;
        state["phase_ends"] = ScheduleStateFormat.Numbers(_phaseEnds);
        state["anneal_strategy"] = AnnealStrategyNames.Of(AnnealStrategy);
        state["cycle_momentum"] = CycleMomentum;
        state["initial_lrs"] = ScheduleStateFormat.Numbers(_initialLrs);
        state["max_lrs"] = ScheduleStateFormat.Numbers(_maxLrs);
        state["min_lrs"] = ScheduleStateFormat.Numbers(_minLrs);
        state["base_momentums"] = ScheduleStateFormat.Numbers(_baseMomentums);
        state["max_momentums"] = ScheduleStateFormat.Numbers(_maxMomentums);
    }

    private protected override Action ReadSettings(ScheduleStateReader reader)
    {
        long totalSteps = reader.Long("total_steps");
        double[] phaseEnds = reader.Doubles("phase_ends");
        var strategy = reader.Name("anneal_strategy", AnnealStrategyNames.ByName);
        bool cycleMomentum = reader.Bool("cycle_momentum");
        double[] initialLrs = reader.Doubles("initial_lrs", GroupCount);
        double[] maxLrs = reader.Doubles("max_lrs", GroupCount);
        double[] minLrs = reader.Doubles("min_lrs", GroupCount);
        double[] baseMomentums = reader.Doubles("base_momentums", GroupCount);
        double[] maxMomentums = reader.Doubles("max_momentums", GroupCount);
        reader.Validate(() => ScheduleCheck.PositiveInteger(totalSteps, "total_steps"));
        if (phaseEnds.Length is not (2 or 3)) throw reader.Invalid("phase_ends", $"has {phaseEnds.Length} values; OneCycleLR has 2 or 3 phases");
        if (cycleMomentum) reader.Validate(() => ScheduleCheck.HasCyclicMomentum(Optimizer));
        return () =>
        {
            (TotalSteps, _phaseEnds, AnnealStrategy, CycleMomentum) = (totalSteps, phaseEnds, strategy, cycleMomentum);
            (_initialLrs, _maxLrs, _minLrs, _baseMomentums, _maxMomentums) = (initialLrs, maxLrs, minLrs, baseMomentums, maxMomentums);
        };
    }
}
