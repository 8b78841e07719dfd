using System.Collections.ObjectModel;
using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

namespace OptimizerLab.Schedules;

/// <summary>
/// What every per-step schedule shares, following torch's <c>LRScheduler</c>: construction records each group's
/// <c>initial_lr</c> (only where unset) as the base learning rates and performs the initial step to epoch 0; each
/// <see cref="Step"/> advances <see cref="LastEpoch"/> by one and writes the new learning rates into the optimizer.
/// </summary>
/// <remarks>
/// Schedules use torch's recursive ("chainable") formulas where torch's <c>get_lr</c> does: the next learning rate is
/// computed from the group's current one, so two schedules on one optimizer compose as in torch, and the bits agree
/// with PyTorch. A step computes everything before it changes anything, so a step that throws changes nothing.
/// Steps allocate nothing.
/// </remarks>
public abstract class LearningRateSchedule : IStepwiseSchedule
{
    private readonly double[] _baseLrs;
    private readonly double[] _lastLr;
    private readonly double[] _next;

    /// <summary>
    /// A schedule whose whole state beyond this class's is <paramref name="settings"/>: they are checked before anything
    /// changes, then the initial step is taken here, as nothing of the derived class is left to set up.
    /// </summary>
    private protected LearningRateSchedule(IOptimizer optimizer, ScheduleSettings settings)
        : this(optimizer)
    {
        settings.Validate();
        Settings = settings;
        Begin();
    }

    /// <summary>
    /// A schedule that sets up its own fields, then calls <see cref="Begin"/>; it saves no settings, or writes and reads
    /// its own (<see cref="WriteSettings"/>).
    /// </summary>
    private protected LearningRateSchedule(IOptimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        Optimizer = optimizer;
        GroupCount = optimizer.GroupOptions.Count;
        _baseLrs = new double[GroupCount];
        _lastLr = new double[GroupCount];
        _next = new double[GroupCount];
        BaseLrs = Array.AsReadOnly(_baseLrs);
        LastLr = Array.AsReadOnly(_lastLr);
        LastEpoch = -1;
    }

    /// <summary>torch's name of the schedule, which is its class's name: the name its state is saved under.</summary>
    public string Name => GetType().Name;

    /// <summary>The optimizer whose learning rates this schedule sets.</summary>
    public IOptimizer Optimizer { get; }

    /// <summary>Each group's starting learning rate (torch's <c>base_lrs</c>).</summary>
    public ReadOnlyCollection<double> BaseLrs { get; }

    /// <inheritdoc />
    public IReadOnlyList<double> LastLr { get; }

    /// <inheritdoc />
    public long LastEpoch { get; private set; }

    /// <summary>
    /// How many steps were taken since construction, the constructor's initial step included (torch's <c>_step_count</c>);
    /// during <see cref="ComputeLrs"/> it still counts the steps before the one being computed.
    /// </summary>
    private protected long StepCount { get; set; }

    private protected int GroupCount { get; }

    /// <summary>The schedule's settings, declared once in its own record; replaced as a whole when a state is loaded.</summary>
    private protected ScheduleSettings? Settings { get; private set; }

    /// <summary>Writable base learning rates, for the schedules that set their own (CyclicLR).</summary>
    private protected double[] BaseLrValues => _baseLrs;

    /// <inheritdoc />
    public void Step() => Advance(initial: false);

    /// <summary>
    /// torch's <c>LRScheduler.__init__</c> after the schedule's own setup: <c>group.setdefault("initial_lr", group["lr"])</c>,
    /// <c>base_lrs</c> from the groups' <c>initial_lr</c>, then the initial step to epoch 0.
    /// </summary>
    private protected void Begin()
    {
        for (int i = 0; i < GroupCount; i++)
        {
            var options = Optimizer.GroupOptions[i];
            options.InitialLr ??= options.Lr;
            _baseLrs[i] = options.InitialLr.Value;
        }

        Advance(initial: true);
    }

    /// <summary>The group's current learning rate (torch's <c>group["lr"]</c>).</summary>
    private protected double GroupLr(int group) => Optimizer.GroupOptions[group].Lr;

    /// <summary>
    /// Every group's current learning rate times <paramref name="factor"/>: the recursive form of the multiplicative
    /// schedules. A factor of 1 keeps each rate bit for bit.
    /// </summary>
    private protected void ScaleGroupLrs(double[] lrs, double factor)
    {
        for (int i = 0; i < lrs.Length; i++) lrs[i] = GroupLr(i) * factor;
    }

    /// <summary>
    /// Every group's rate on the cosine from its base rate down to <paramref name="etaMin"/>: eta_min + (base_lr -
    /// eta_min)·(1 + cos(π·t/T))/2, given <paramref name="onePlusCosine"/> = 1 + cos(π·t/T) (SGDR's closed form).
    /// </summary>
    private protected void CosineFromBaseLrs(double[] lrs, double etaMin, double onePlusCosine)
    {
        for (int i = 0; i < lrs.Length; i++) lrs[i] = etaMin + (_baseLrs[i] - etaMin) * onePlusCosine / 2;
    }

    /// <summary>Every group's base learning rate times <paramref name="factor"/>: the closed form of the multiplicative schedules.</summary>
    private protected void ScaleBaseLrs(double[] lrs, double factor)
    {
        for (int i = 0; i < lrs.Length; i++) lrs[i] = _baseLrs[i] * factor;
    }

    /// <summary>
    /// torch's <c>get_lr</c> for <paramref name="epoch"/>: writes each group's next learning rate into <paramref name="lrs"/>.
    /// <paramref name="initial"/> is torch's <c>_is_initial</c> (the step made by the constructor). Must not change
    /// any state: it may throw, and then the step must leave everything as it was.
    /// </summary>
    private protected abstract void ComputeLrs(long epoch, bool initial, double[] lrs);

    /// <summary>
    /// torch's <c>_get_closed_form_lr</c> for <paramref name="epoch"/>, used when a <see cref="SequentialLR"/> restarts
    /// this schedule at epoch 0. Schedules without a closed form in torch compute their usual (non-initial) step.
    /// </summary>
    private protected virtual void ClosedFormLrs(long epoch, double[] lrs) => ComputeLrs(epoch, initial: false, lrs);

    /// <summary>Called after the new learning rates are set: the cyclic schedules set the momentum they computed.</summary>
    private protected virtual void AfterStep()
    {
    }

    /// <summary>Writes the schedule's own fields after the common ones: by default its <see cref="Settings"/>.</summary>
    private protected virtual void WriteSettings(JsonObject state) => Settings?.WriteTo(state);

    /// <summary>Reads and checks the schedule's own fields; returns the action that stores them, run only once everything was read.</summary>
    private protected virtual Action ReadSettings(ScheduleStateReader reader)
    {
        if (Settings is null) return () => { };
        var settings = ScheduleSettings.Read(reader, Settings.GetType());
        return () => Settings = settings;
    }

    /// <summary>torch's <c>_initial_step</c>: the step counter restarts and the schedule takes its initial step from <see cref="LastEpoch"/>.</summary>
    internal void InitialStep()
    {
        long stepCount = StepCount;
        StepCount = 0;
        try
        {
            Advance(initial: true);
        }
        catch
        {
            StepCount = stepCount;
            throw;
        }
    }

    /// <summary>torch's <c>recursive_undo</c> for one schedule: takes back the epoch of the constructor's initial step.</summary>
    internal void UndoInitialStep() => LastEpoch--;

    /// <summary>
    /// torch's <c>_update_lr(epoch)</c> (1.13: <c>step(epoch)</c>): jumps to <paramref name="epoch"/> and sets the closed-form
    /// learning rates there, without counting a step.
    /// </summary>
    internal void JumpTo(long epoch)
    {
        ClosedFormLrs(epoch, _next);
        Apply(epoch);
    }

    /// <summary>The learning rates of every group, for the composite schedules.</summary>
    internal double[] LastLrValues => _lastLr;

    private void Advance(bool initial)
    {
        ComputeLrs(LastEpoch + 1, initial, _next);
        StepCount++;
        Apply(LastEpoch + 1);
    }

    /// <summary>Sets <see cref="LastEpoch"/> and writes the learning rates computed into the step's buffer.</summary>
    private protected void Apply(long epoch, double[]? lrs = null)
    {
        LastEpoch = epoch;
        for (int i = 0; i < GroupCount; i++) Optimizer.GroupOptions[i].Lr = (lrs ?? _next)[i];
        AfterStep();
        for (int i = 0; i < GroupCount; i++) _lastLr[i] = Optimizer.GroupOptions[i].Lr;
    }

    /// <inheritdoc />
    public JsonObject SaveState()
    {
        var state = ScheduleStateFormat.Header(Name, GroupCount);
        state["last_epoch"] = LastEpoch;
        state["base_lrs"] = ScheduleStateFormat.Numbers(_baseLrs);
        state["last_lr"] = ScheduleStateFormat.Numbers(_lastLr);
        WriteSettings(state);
        return state;
    }

    /// <inheritdoc />
    public void LoadState(JsonNode state) => Load(state, firstEpoch: 0);

    /// <summary>
    /// Loads the state of a schedule inside a <see cref="SequentialLR"/> or <see cref="ChainedScheduler"/>: one that
    /// has not started yet is at epoch -1 (its initial step was taken back).
    /// </summary>
    internal void LoadAsPart(JsonNode state) => Load(state, firstEpoch: -1);

    private void Load(JsonNode state, long firstEpoch)
    {
        var reader = ScheduleStateFormat.Open(state, Name, GroupCount);
        long lastEpoch = reader.Long("last_epoch");
        if (lastEpoch < firstEpoch)
        {
            throw reader.Invalid("last_epoch", firstEpoch == 0
                ? $"is {lastEpoch}; a constructed schedule is at epoch 0 or later"
                : $"is {lastEpoch}; a schedule in a sequence is at epoch -1 or later");
        }

        double[] baseLrs = reader.Doubles("base_lrs", GroupCount);
        double[] lastLr = reader.Doubles("last_lr", GroupCount);
        var storeSettings = ReadSettings(reader);

        // Everything was read and checked; only now is anything changed.
        LastEpoch = lastEpoch;
        StepCount = lastEpoch + 1;
        storeSettings();
        baseLrs.CopyTo(_baseLrs, 0);
        lastLr.CopyTo(_lastLr, 0);
    }
}
