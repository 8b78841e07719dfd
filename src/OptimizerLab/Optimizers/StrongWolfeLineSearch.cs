using System.Numerics;
using OptimizerLab.Kernels;

namespace OptimizerLab.Optimizers;

/// <summary>
/// torch's <c>_strong_wolfe</c> and <c>_cubic_interpolate</c> (themselves from Torch7's <c>lswolfe.lua</c> and
/// <c>polyinterp.lua</c>): a step length along d that satisfies the strong Wolfe conditions, found by bracketing and
/// then zooming with safeguarded cubic interpolation.
/// </summary>
/// <remarks>
/// Losses, step lengths and interpolation are in double (torch's Python floats); the directional derivatives are dot
/// products in T (torch's 0-d tensors), widened to double. In float32 that makes the interpolation a little more exact
/// than torch's, where a difference of float32 tensors enters it: the parity fixtures bound the effect.
/// </remarks>
internal static class StrongWolfeLineSearch
{
    /// <summary>The loss at x + t·d and a fresh array holding its gradient (the parameters are restored to x afterwards).</summary>
    internal delegate (double Loss, T[] Grad) Evaluate<T>(double t);

    /// <summary>The accepted point: its loss, its gradient, its step length and how many evaluations the search made.</summary>
    internal readonly record struct Result<T>(double Loss, T[] Grad, double Step, int Evaluations);

    /// <summary>
    /// Searches along <paramref name="d"/> from step length <paramref name="t"/>; <paramref name="f"/>, <paramref name="g"/>
    /// and <paramref name="gtd"/> are the loss, gradient and directional derivative at t = 0.
    /// </summary>
    internal static Result<T> Search<T>(Evaluate<T> evaluate, T[] d, double t, double f, T[] g, double gtd,
        double toleranceChange, double c1 = 1e-4, double c2 = 0.9, int maxLineSearch = 25)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double dNorm = double.CreateTruncating(NormKernel.MaxMagnitude<T>(d));
        var (fNew, gNew) = evaluate(t);
        int evaluations = 1;
        double gtdNew = double.CreateTruncating(DotKernel.Dot<T>(gNew, d));

        // Bracket an interval that holds a point satisfying the conditions.
        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        T[] gPrev = g;
        double[] bracket, bracketF, bracketGtd = [];
        T[][] bracketG;
        bool done = false;
        int iteration = 0;
        while (true)
        {
            if (iteration == maxLineSearch)
            {
                bracket = [0, t];
                bracketF = [f, fNew];
                bracketG = [g, gNew];
                break;
            }

            if (fNew > f + c1 * t * gtd || (iteration > 1 && fNew >= fPrev))
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]);
                break;
            }

            if (Math.Abs(gtdNew) <= -c2 * gtd)
            {
                (bracket, bracketF, bracketG) = ([t], [fNew], [gNew]);
                done = true;
                break;
            }

            if (gtdNew >= 0)
            {
                (bracket, bracketF, bracketG, bracketGtd) = ([tPrev, t], [fPrev, fNew], [gPrev, gNew], [gtdPrev, gtdNew]);
                break;
            }

            // Extrapolate: a cubic step between 1.01·t − 0.01·t_prev and 10·t.
            double minStep = t + 0.01 * (t - tPrev);
            double maxStep = t * 10;
            double previous = t;
            t = CubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, (minStep, maxStep));
            (tPrev, fPrev, gPrev, gtdPrev) = (previous, fNew, gNew, gtdNew);
            (fNew, gNew) = evaluate(t);
            evaluations++;
            gtdNew = double.CreateTruncating(DotKernel.Dot<T>(gNew, d));
            iteration++;
        }

        // Zoom: shrink the bracket until a point satisfies the conditions or the bracket is too small to matter.
        bool insufficientProgress = false;
        int low = bracketF[0] <= bracketF[^1] ? 0 : 1;
        int high = 1 - low;
        while (!done && iteration < maxLineSearch)
        {
            if (Math.Abs(bracket[1] - bracket[0]) * dNorm < toleranceChange) break;

            t = CubicInterpolate(bracket[0], bracketF[0], bracketGtd[0], bracket[1], bracketF[1], bracketGtd[1]);

            // A trial too close to an end of the bracket moves to 10% of its width from that end, at the second time in
            // a row or when it lies on or outside the bracket.
            double top = Math.Max(bracket[0], bracket[1]), bottom = Math.Min(bracket[0], bracket[1]);
            double margin = 0.1 * (top - bottom);
            if (Math.Min(top - t, t - bottom) < margin)
            {
                if (insufficientProgress || t >= top || t <= bottom)
                {
                    t = Math.Abs(t - top) < Math.Abs(t - bottom) ? top - margin : bottom + margin;
                    insufficientProgress = false;
                }
                else
                {
                    insufficientProgress = true;
                }
            }
            else
            {
                insufficientProgress = false;
            }

            (fNew, gNew) = evaluate(t);
            evaluations++;
            gtdNew = double.CreateTruncating(DotKernel.Dot<T>(gNew, d));
            iteration++;

            if (fNew > f + c1 * t * gtd || fNew >= bracketF[low])
            {
                // Not enough decrease, or not below the low end: the trial becomes the high end.
                (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (t, fNew, gNew, gtdNew);
                low = bracketF[0] <= bracketF[1] ? 0 : 1;
                high = 1 - low;
            }
            else
            {
                if (Math.Abs(gtdNew) <= -c2 * gtd)
                {
                    done = true;
                }
                else if (gtdNew * (bracket[high] - bracket[low]) >= 0)
                {
                    // The old high end becomes the low end.
                    (bracket[high], bracketF[high], bracketG[high], bracketGtd[high]) = (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]);
                }

                (bracket[low], bracketF[low], bracketG[low], bracketGtd[low]) = (t, fNew, gNew, gtdNew);
            }
        }

        return new Result<T>(bracketF[low], bracketG[low], bracket[low], evaluations);
    }

    /// <summary>
    /// The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to the bounds (by default
    /// the interval between the points); the bounds' midpoint when the cubic has no minimiser.
    /// </summary>
    internal static double CubicInterpolate(double x1, double f1, double g1, double x2, double f2, double g2, (double Min, double Max)? bounds = null)
    {
        var (min, max) = bounds ?? (x1 <= x2 ? (x1, x2) : (x2, x1));
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2Square = d1 * d1 - g1 * g2;
        if (!(d2Square >= 0)) return (min + max) / 2;
        double d2 = Math.Sqrt(d2Square);
        double minPos = x1 <= x2
            ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
            : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
        return PythonMin(PythonMax(minPos, min), max);
    }

    // Python's max(a, b) keeps a unless b > a, and min(a, b) keeps a unless b < a: with a NaN they differ from Math.Max/Min.
    private static double PythonMax(double a, double b) => b > a ? b : a;

    private static double PythonMin(double a, double b) => b < a ? b : a;
}
