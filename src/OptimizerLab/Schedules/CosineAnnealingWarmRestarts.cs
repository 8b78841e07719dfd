using System.Text.Json.Nodes;
using OptimizerLab.Optimizers;
using OptimizerLab.State;

namespace OptimizerLab.Schedules;

/// <summary>
/// Cosine annealing from each group's base learning rate to <c>eta_min</c> over <c>T_i</c> epochs, then a warm restart,
/// each period <c>T_mult</c> times longer than the last (<c>torch.optim.lr_scheduler.CosineAnnealingWarmRestarts</c>, SGDR).
/// </summary>
/// <remarks>
/// torch computes every rate from its closed form, with <c>T_cur</c> the epochs since the last restart:
/// <code>
/// lr = eta_min + (base_lr - eta_min)·(1 + cos(π·T_cur/T_i))/2
/// Step():         T_cur += 1; if T_cur ≥ T_i: T_cur = T_cur mod T_i, T_i = T_i·T_mult
/// Step(epoch):    epoch &lt; T_0: T_i = T_0, T_cur = epoch
///                 T_mult = 1:  T_cur = epoch mod T_0
///                 otherwise:   n = ⌊log_{T_mult}(epoch/T_0·(T_mult - 1) + 1)⌋, T_cur = epoch - T_0·(T_mult^n - 1)/(T_mult - 1), T_i = T_0·T_mult^n
/// </code>
/// <see cref="Step(double)"/> takes a fractional epoch (torch's <c>scheduler.step(epoch + i / iters)</c> within an epoch);
/// <see cref="LearningRateSchedule.LastEpoch"/> is then its floor. The cosine and the logarithm come from the platform's
/// libm, as in CPython, so bits match PyTorch on the same platform.
/// </remarks>
public sealed class CosineAnnealingWarmRestarts : LearningRateSchedule
{
    private readonly double[] _jump;
    private double _nextTCur;
    private long _nextTI;

    /// <summary>Restarts after <paramref name="t0"/> epochs, then after periods <paramref name="tMult"/> times longer each.</summary>
    public CosineAnnealingWarmRestarts(IOptimizer optimizer, int t0, int tMult = 1, double etaMin = 0.0)
        : base(optimizer)
    {
        Validate(t0, tMult, etaMin);
        _jump = new double[GroupCount];
        (T0, TMult, EtaMin, TI, TCur) = (t0, tMult, etaMin, t0, -1);
        Begin();
    }

    /// <summary>The first period, in epochs (torch's <c>T_0</c>).</summary>
    public int T0 { get; private set; }

    /// <summary>The factor by which each period is longer than the last (torch's <c>T_mult</c>).</summary>
    public int TMult { get; private set; }

    /// <summary>The learning rate at the end of each period (torch's <c>eta_min</c>).</summary>
    public double EtaMin { get; private set; }

    /// <summary>The current period, in epochs (torch's <c>T_i</c>).</summary>
    public long TI { get; private set; }

    /// <summary>Epochs since the last restart, fractional after <see cref="Step(double)"/> (torch's <c>T_cur</c>).</summary>
    public double TCur { get; private set; }

    private static void Validate(int t0, int tMult, double etaMin)
    {
        if (t0 <= 0) throw new ArgumentOutOfRangeException("T_0", t0, $"Expected positive integer T_0, but got {t0}");
        if (tMult < 1) throw new ArgumentOutOfRangeException("T_mult", tMult, $"Expected integer T_mult >= 1, but got {tMult}");
        ScheduleCheck.Finite(etaMin, "eta_min");
    }

    /// <summary>
    /// Jumps to <paramref name="epoch"/> (fractional allowed, e.g. <c>epoch + batch/batches</c>) and sets the rate there,
    /// as torch's <c>step(epoch)</c>; the next <see cref="LearningRateSchedule.Step"/> continues from it.
    /// </summary>
    public void Step(double epoch)
    {
        if (!(epoch >= 0) || double.IsInfinity(epoch))
            throw new ArgumentOutOfRangeException(nameof(epoch), epoch, $"Expected non-negative epoch, but got {Numerics.PythonFloat.Repr(epoch)}");
        (double tCur, long tI) = AtEpoch(epoch);
        Fill(tCur, tI, _jump);
        (_nextTCur, _nextTI) = (tCur, tI);
        Apply((long)Math.Floor(epoch), _jump);
    }

    private (double TCur, long TI) AtEpoch(double epoch)
    {
        if (epoch < T0) return (epoch, T0);
        if (TMult == 1) return (epoch % T0, TI);
        int n = (int)(Math.Log(epoch / T0 * (TMult - 1) + 1) / Math.Log(TMult));
        double power = Numerics.DeterministicMath.Pow((double)TMult, n);
        return (epoch - T0 * (power - 1) / (TMult - 1), T0 * (long)power);
    }

    private void Fill(double tCur, long tI, double[] lrs) => CosineFromBaseLrs(lrs, EtaMin, 1 + Math.Cos(Math.PI * tCur / tI));

    private protected override void ComputeLrs(long epoch, bool initial, double[] lrs)
    {
        // torch's step(): the constructor's step is step(0); later steps count T_cur up and restart at T_i.
        (double tCur, long tI) = (TCur, TI);
        if (initial)
        {
            (tCur, tI) = AtEpoch(0);
        }
        else
        {
            tCur += 1;
            if (tCur >= tI)
            {
                tCur = tCur % tI;
                tI *= TMult;
            }
        }

        Fill(tCur, tI, lrs);
        (_nextTCur, _nextTI) = (tCur, tI);
    }

    private protected override void ClosedFormLrs(long epoch, double[] lrs)
    {
        // torch 2.x's _update_lr(epoch) calls get_lr, which reads the current T_cur and T_i and leaves them.
        Fill(TCur, TI, lrs);
        (_nextTCur, _nextTI) = (TCur, TI);
    }

    private protected override void AfterStep() => (TCur, TI) = (_nextTCur, _nextTI);

    private protected override void WriteSettings(JsonObject state)
    {
        state["T_0"] = T0;
        state["T_i"] = TI;
        state["T_mult"] = TMult;
        state["eta_min"] = ScheduleStateFormat.Number(EtaMin);
        state["T_cur"] = ScheduleStateFormat.Number(TCur);
    }

    private protected override Action ReadSettings(ScheduleStateReader reader)
    {
        int t0 = reader.Int("T_0");
        long tI = reader.Long("T_i");
        int tMult = reader.Int("T_mult");
        double etaMin = reader.Double("eta_min");
        double tCur = reader.Double("T_cur");
        reader.Validate(() => Validate(t0, tMult, etaMin));
        if (tI < t0) throw reader.Invalid("T_i", $"is {tI}; a period is at least T_0 = {t0} epochs");
        if (!(tCur >= 0 && tCur < tI)) throw reader.Invalid("T_cur", $"is {Numerics.PythonFloat.Repr(tCur)}; expected 0 <= T_cur < T_i");
        return () => (T0, TI, TMult, EtaMin, TCur) = (t0, tI, tMult, etaMin, tCur);
    }
}
