using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an Adam update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct AdamScalars<T>(
    bool Maximize,
    bool DecoupledDecay,
    bool CoupledDecay,
    bool Amsgrad,
    T DecayFactor,      // decoupled: 1 - lr * weight_decay
    T WeightDecay,      // coupled: alpha of grad.add(param, alpha=weight_decay)
    T OneMinusBeta1,    // lerp weight
    T Beta2,
    T OneMinusBeta2,
    T BiasCorrection2Sqrt,
    T Eps,
    T NegStepSize);     // -lr / bias_correction1

/// <summary>
/// One fused pass of torch's <c>_single_tensor_adam</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if decoupled: p = p * (1 - lr*wd)      elif wd != 0: g = g + wd*p
/// m = lerp(m, g, 1 - beta1)              (torch's lerp: m + w*(g - m) for w &lt; 0.5, else g - (g - m)*(1 - w))
/// v = v*beta2 + ((1 - beta2)*g)*g
/// if amsgrad: vmax = max(vmax, v); v' = vmax   else v' = v
/// p = p + ((-lr/bc1) * m) / (sqrt(v')/sqrt(bc2) + eps)
/// </code>
/// </summary>
internal static class AdamKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, Span<T> maxExpAvgSq, in AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (KernelDispatch.UseSimd) Simd(param, grad, expAvg, expAvgSq, maxExpAvgSq, s);
        else Scalar(param, grad, expAvg, expAvgSq, maxExpAvgSq, s);
    }

    internal static void Scalar<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, Span<T> maxExpAvgSq, in AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool smallWeight = s.OneMinusBeta1 < T.CreateTruncating(0.5);
        T oneMinusWeight = T.One - s.OneMinusBeta1;
        for (int i = 0; i < param.Length; i++)
        {
            T p = param[i];
            T g = s.Maximize ? -grad[i] : grad[i];
            if (s.DecoupledDecay) p *= s.DecayFactor;
            else if (s.CoupledDecay) g += s.WeightDecay * p;

            T m = expAvg[i];
            m = smallWeight ? m + s.OneMinusBeta1 * (g - m) : g - (g - m) * oneMinusWeight;
            T v = expAvgSq[i] * s.Beta2 + s.OneMinusBeta2 * g * g;
            expAvg[i] = m;
            expAvgSq[i] = v;
            if (s.Amsgrad)
            {
                v = T.Max(maxExpAvgSq[i], v);
                maxExpAvgSq[i] = v;
            }

            T denom = T.Sqrt(v) / s.BiasCorrection2Sqrt + s.Eps;
            param[i] = p + s.NegStepSize * m / denom;
        }
    }

    /// <summary>The widest native SIMD path; elementwise, so every width gives the scalar reference's bits.</summary>
    internal static void Simd<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, Span<T> maxExpAvgSq, in AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Vector512.IsHardwareAccelerated) Simd512(param, grad, expAvg, expAvgSq, maxExpAvgSq, s);
        else Simd256(param, grad, expAvg, expAvgSq, maxExpAvgSq, s);
    }

    internal static void Simd256<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, Span<T> maxExpAvgSq, in AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        int vectorEnd = param.Length - param.Length % width;
        ref T pRef = ref MemoryMarshal.GetReference(param);
        ref T gRef = ref MemoryMarshal.GetReference(grad);
        ref T mRef = ref MemoryMarshal.GetReference(expAvg);
        ref T vRef = ref MemoryMarshal.GetReference(expAvgSq);
        ref T vmaxRef = ref MemoryMarshal.GetReference(maxExpAvgSq);

        bool smallWeight = s.OneMinusBeta1 < T.CreateTruncating(0.5);
        var weight = Vector256.Create(s.OneMinusBeta1);
        var oneMinusWeight = Vector256.Create(T.One - s.OneMinusBeta1);
        var decayFactor = Vector256.Create(s.DecayFactor);
        var weightDecay = Vector256.Create(s.WeightDecay);
        var beta2 = Vector256.Create(s.Beta2);
        var oneMinusBeta2 = Vector256.Create(s.OneMinusBeta2);
        var bc2Sqrt = Vector256.Create(s.BiasCorrection2Sqrt);
        var eps = Vector256.Create(s.Eps);
        var negStepSize = Vector256.Create(s.NegStepSize);

        for (int i = 0; i < vectorEnd; i += width)
        {
            nuint at = (nuint)i;
            var p = Vector256.LoadUnsafe(ref pRef, at);
            var g = Vector256.LoadUnsafe(ref gRef, at);
            if (s.Maximize) g = -g;
            if (s.DecoupledDecay) p *= decayFactor;
            else if (s.CoupledDecay) g += weightDecay * p;

            var m = Vector256.LoadUnsafe(ref mRef, at);
            m = smallWeight ? m + weight * (g - m) : g - (g - m) * oneMinusWeight;
            var v = Vector256.LoadUnsafe(ref vRef, at) * beta2 + oneMinusBeta2 * g * g;
            m.StoreUnsafe(ref mRef, at);
            v.StoreUnsafe(ref vRef, at);
            if (s.Amsgrad)
            {
                v = Vector256.Max(Vector256.LoadUnsafe(ref vmaxRef, at), v);
                v.StoreUnsafe(ref vmaxRef, at);
            }

            var denom = Vector256.Sqrt(v) / bc2Sqrt + eps;
            (p + negStepSize * m / denom).StoreUnsafe(ref pRef, at);
        }

        Scalar(param[vectorEnd..], grad[vectorEnd..], expAvg[vectorEnd..], expAvgSq[vectorEnd..],
            s.Amsgrad ? maxExpAvgSq[vectorEnd..] : default, s);
    }

    internal static void Simd512<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, Span<T> maxExpAvgSq, in AdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector512<T>.Count;
        int vectorEnd = param.Length - param.Length % width;
        ref T pRef = ref MemoryMarshal.GetReference(param);
        ref T gRef = ref MemoryMarshal.GetReference(grad);
        ref T mRef = ref MemoryMarshal.GetReference(expAvg);
        ref T vRef = ref MemoryMarshal.GetReference(expAvgSq);
        ref T vmaxRef = ref MemoryMarshal.GetReference(maxExpAvgSq);

        bool smallWeight = s.OneMinusBeta1 < T.CreateTruncating(0.5);
        var weight = Vector512.Create(s.OneMinusBeta1);
        var oneMinusWeight = Vector512.Create(T.One - s.OneMinusBeta1);
        var decayFactor = Vector512.Create(s.DecayFactor);
        var weightDecay = Vector512.Create(s.WeightDecay);
        var beta2 = Vector512.Create(s.Beta2);
        var oneMinusBeta2 = Vector512.Create(s.OneMinusBeta2);
        var bc2Sqrt = Vector512.Create(s.BiasCorrection2Sqrt);
        var eps = Vector512.Create(s.Eps);
        var negStepSize = Vector512.Create(s.NegStepSize);

        for (int i = 0; i < vectorEnd; i += width)
        {
            nuint at = (nuint)i;
            var p = Vector512.LoadUnsafe(ref pRef, at);
            var g = Vector512.LoadUnsafe(ref gRef, at);
            if (s.Maximize) g = -g;
            if (s.DecoupledDecay) p *= decayFactor;
            else if (s.CoupledDecay) g += weightDecay * p;

            var m = Vector512.LoadUnsafe(ref mRef, at);
            m = smallWeight ? m + weight * (g - m) : g - (g - m) * oneMinusWeight;
            var v = Vector512.LoadUnsafe(ref vRef, at) * beta2 + oneMinusBeta2 * g * g;
            m.StoreUnsafe(ref mRef, at);
            v.StoreUnsafe(ref vRef, at);
            if (s.Amsgrad)
            {
                v = Vector512.Max(Vector512.LoadUnsafe(ref vmaxRef, at), v);
                v.StoreUnsafe(ref vmaxRef, at);
            }

            var denom = Vector512.Sqrt(v) / bc2Sqrt + eps;
            (p + negStepSize * m / denom).StoreUnsafe(ref pRef, at);
        }

        Simd256(param[vectorEnd..], grad[vectorEnd..], expAvg[vectorEnd..], expAvgSq[vectorEnd..],
            s.Amsgrad ? maxExpAvgSq[vectorEnd..] : default, s);
    }
}
