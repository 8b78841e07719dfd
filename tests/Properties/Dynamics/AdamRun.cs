using System.Globalization;
using System.Numerics;
using OptimizerLab.Lab;
using OptimizerLab.Optimizers;
using OptimizerLab.Problems;

namespace OptimizerLab.Properties.Dynamics;

/// <summary>What Adam's state looked like when the plateau started.</summary>
/// <param name="Step">The plateau step p (loss index).</param>
/// <param name="MaxSqrtVHat">max_i sqrt(v̂_i) after step p (for AMSGrad, of the running maximum).</param>
/// <param name="Sharpness">S = λ_max(D^½HD^½) after step p.</param>
/// <param name="BiasCorrection2">1 − β2^(p+1).</param>
/// <param name="VHat">v̂ per coordinate after step p (for AMSGrad, of the running maximum).</param>
/// <param name="StepSizes">d_i = lr/(bc1·(sqrt(v̂_i)+eps)) after step p.</param>
/// <param name="LambdaMax">λ_max(H) of the problem.</param>
/// <param name="Hessian">The problem's Hessian, for forecasts from this state.</param>
internal readonly record struct PlateauState(int Step, double MaxSqrtVHat, double Sharpness, double BiasCorrection2, double[] VHat,
    double[] StepSizes, double LambdaMax, IHessian Hessian);

/// <summary>A finished <see cref="AdamRun"/>.</summary>
internal sealed record AdamRunResult(
    string Label,
    double[] Loss,
    int? Plateau,
    int? Rebound,
    PlateauState? AtPlateau,
    int? Horizon,
    int StuckSteps,
    bool EndedStuck,
    double LambdaMax,
    double MaxSharpnessAfterPlateau,
    int? Crossing)
{
    /// <summary>A readable account for a failing property: events, the losses around them, the state at the plateau.</summary>
    public string Report()
    {
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"[{Label}] steps run={Loss.Length} plateau={Show(Plateau)} rebound={Show(Rebound)} horizon={Show(Horizon)} ");
        text.Append(CultureInfo.InvariantCulture, $"λ_max(H)={LambdaMax:G4} stuck steps={StuckSteps}{(EndedStuck ? " (stuck at the end)" : "")}");
        if (AtPlateau is { } s)
            text.Append(CultureInfo.InvariantCulture, $" | at plateau: max sqrt(v̂)={s.MaxSqrtVHat:G3} S={s.Sharpness:G3} bc2={s.BiasCorrection2:G3}");
        if (!double.IsNaN(MaxSharpnessAfterPlateau))
            text.Append(CultureInfo.InvariantCulture, $" max S after plateau={MaxSharpnessAfterPlateau:G4} crossing={Show(Crossing)}");
        text.Append(" | losses: ").Append(Around(0)).Append(" … ");
        if (Plateau is int p) text.Append(Around(p)).Append(" … ");
        if (Rebound is int r && r < Loss.Length - 5) text.Append(Around(r)).Append(" … ");
        text.Append(Around(Loss.Length - 1));
        return text.ToString();
    }

    /// <summary>Steps t in [from, to) whose loss repeats loss[t−1] bit for bit: the residuals did not move.</summary>
    public int RepeatedLossSteps(int from, int to) => ReboundPredictorProperties.RepeatedLossSteps(Loss, from, to);

    /// <summary>loss[t] for the two steps either side of <paramref name="step"/>.</summary>
    public string Around(int step) => ReboundPredictorProperties.LossesAround(Loss, step);

    private static string Show(int? step) => step?.ToString(CultureInfo.InvariantCulture) ?? "none";
}

/// <summary>
/// Runs Adam (or AMSGrad) on a least-squares problem step by step, finding the plateau and the rebound with
/// <see cref="ReboundEvents"/> as it goes, and stopping at the rebound or at a horizon chosen from the state at the plateau.
/// Counts "stuck" steps after the plateau, where no parameter changed at all: the update was below half an ulp of every
/// parameter, so the floating-point iteration sat on a fixed point and nothing could grow.
/// </summary>
internal static class AdamRun
{
    /// <summary>Adam reaches the plateau of these well-conditioned problems within a few hundred steps; a run that has not by then fails.</summary>
    public const int PlateauCap = 5000;

    /// <summary>
    /// Past the horizon, this many steps in a row without any parameter changing count as frozen: Adam's steps grow by
    /// β2^−500 ≈ 1.65× over them, so an iterate that was merely slow would have moved.
    /// </summary>
    public const int FrozenAfter = 1000;

    /// <summary>No run goes beyond this, stuck or not.</summary>
    public const int HardCap = 60_000;

    /// <summary>
    /// Runs until the rebound, or until <paramref name="horizonAfterPlateau"/>(state at the plateau) steps after the plateau
    /// plus the stuck steps counted on the way (a stuck step delays everything by one step). Every
    /// <paramref name="sharpnessEvery"/> steps after the plateau (0: never) hands the step sizes to <paramref name="onStepSizes"/>
    /// and measures the sharpness (the first measurement at or above the threshold is the crossing).
    /// </summary>
    public static AdamRunResult Run<T>(string label, LeastSquaresCase c, AdamOptions options,
        Func<PlateauState, int> horizonAfterPlateau, int sharpnessEvery = 0, Action<int, double[]>? onStepSizes = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var problem = c.Build<T>();
        var adam = new Adam<T>(problem.Parameters, options);
        return Run(label, problem, adam, horizonAfterPlateau, sharpnessEvery, onStepSizes);
    }

    /// <summary>
    /// Runs an optimizer already set up on <paramref name="problem"/>; to continue one restored from a saved state, pass the
    /// step to start from and the events, losses, horizon and plateau state so far. With <paramref name="stopAtRebound"/>,
    /// stops <paramref name="stepsAfterRebound"/> steps after the rebound.
    /// </summary>
    public static AdamRunResult Run<T>(string label, LeastSquaresProblem<T> problem, Adam<T> adam,
        Func<PlateauState, int> horizonAfterPlateau, int sharpnessEvery = 0, Action<int, double[]>? onStepSizes = null,
        bool stopAtRebound = true, int stepsAfterRebound = 0, int firstStep = 0, ReboundEvents? events = null, List<double>? loss = null, int? horizon = null, PlateauState? atPlateau = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double lambdaMax = PowerIteration.LargestEigenvalue(problem.Hessian);
        var power = new PowerIteration(problem.Hessian);
        int n = problem.ParameterCount;
        var stepSizes = new double[n];
        var denominators = new double[n];
        var before = new T[n];
        events ??= new ReboundEvents();
        loss ??= [];
        PlateauState? candidate = null;
        int stuck = 0, stuckInARow = 0;
        bool lastStuck = false;
        double maxSharpness = double.NaN;
        int? crossing = null;
        double threshold = Mechanism.Threshold(adam.Groups[0].Options.Beta1);

        for (int t = firstStep; t < HardCap; t++)
        {
            double value = problem.LossAndGradient();
            loss.Add(value);
            Copy(problem, before);
            adam.Step();
            lastStuck = Unchanged(problem, before);
            if (events.Plateau is not null && lastStuck) stuck++;
            stuckInARow = lastStuck ? stuckInARow + 1 : 0;

            events.Observe(t, value);
            if (events.Plateau is null)
            {
                // The state right after the first step of a (candidate) plateau is the one the horizon is computed from.
                if (value < ReboundEvents.Threshold) candidate ??= Snapshot(t, adam, problem, power, stepSizes, denominators, lambdaMax);
                else candidate = null;
                if (t >= PlateauCap) break;
                continue;
            }

            if (events.PlateauJustConfirmed)
            {
                atPlateau = candidate;
                horizon = events.Plateau.Value + horizonAfterPlateau(atPlateau!.Value);
            }

            if (sharpnessEvery > 0 && (t - events.Plateau.Value) % sharpnessEvery == 0)
            {
                adam.Dynamics.ReadStepSizes(stepSizes, denominators);
                onStepSizes?.Invoke(t, stepSizes);
                double s = power.LargestEigenvalue(stepSizes);
                maxSharpness = double.IsNaN(maxSharpness) ? s : Math.Max(maxSharpness, s);
                if (crossing is null && s >= threshold) crossing = t;
            }

            if (stopAtRebound && events.Rebound is int rebound && t >= rebound + stepsAfterRebound) break;
            if (events.Rebound is null && (t >= horizon + stuck || (t >= horizon && stuckInARow >= FrozenAfter))) break;
        }

        return new AdamRunResult(label, loss.ToArray(), events.Plateau, events.Rebound, atPlateau, horizon, stuck, lastStuck, lambdaMax,
            maxSharpness, crossing);
    }

    /// <summary>The state after step <paramref name="t"/>, its step sizes left in <paramref name="stepSizes"/>.</summary>
    public static PlateauState Snapshot<T>(int t, Adam<T> adam, Problem<T> problem, PowerIteration power, double[] stepSizes,
        double[] denominators, double lambdaMax)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        adam.Dynamics.ReadStepSizes(stepSizes, denominators);
        double eps = adam.Groups[0].Options.Eps;
        double maxSqrtVHat = denominators.Max() - eps;
        double bc2 = 1 - Math.Pow(adam.Groups[0].Options.Beta2, t + 1);
        double[] vHat = denominators.Select(d => Math.Max(d - eps, 0) * Math.Max(d - eps, 0)).ToArray();
        double sharpness = power.LargestEigenvalue(stepSizes, relativeTolerance: 1e-9, maxIterations: 2000);
        return new PlateauState(t, maxSqrtVHat, sharpness, bc2, vHat, (double[])stepSizes.Clone(), lambdaMax, problem.Hessian!);
    }

    private static void Copy<T>(Problem<T> problem, T[] into) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameters = problem.Parameters;
        int offset = 0;
        for (int p = 0; p < parameters.Count; p++)
        {
            Array.Copy(parameters[p].Value, 0, into, offset, parameters[p].Length);
            offset += parameters[p].Length;
        }
    }

    private static bool Unchanged<T>(Problem<T> problem, T[] before) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameters = problem.Parameters;
        int offset = 0;
        for (int p = 0; p < parameters.Count; p++)
        {
            T[] values = parameters[p].Value;
            for (int i = 0; i < values.Length; i++)
            {
                if (values[i] != before[offset + i]) return false;
            }

            offset += values.Length;
        }

        return true;
    }
}
