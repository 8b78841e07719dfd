using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an NAdam update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct NAdamScalars<T>(
    bool Maximize,
    bool DecoupledDecay,
    bool CoupledDecay,
    T DecayFactor,        // decoupled: 1 - lr * weight_decay
    T WeightDecay,        // coupled: alpha of grad.add(param, alpha=weight_decay)
    T OneMinusBeta1,      // lerp weight
    T Beta2,
    T OneMinusBeta2,
    T BiasCorrection2,    // 1 - beta2^t; torch divides v by it before the square root
    T Eps,
    T GradCoefficient,    // -lr*(1 - mu_t) / (1 - mu_product_t)
    T ExpAvgCoefficient); // (-lr*mu_{t+1}) / (1 - mu_product_t*mu_{t+1})

/// <summary>
/// One fused pass of torch's <c>_single_tensor_nadam</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if decoupled: p = p * (1 - lr*wd)      elif wd != 0: g = g + wd*p
/// m = lerp(m, g, 1 - beta1)
/// v = v*beta2 + ((1 - beta2)*g)*g
/// denom = sqrt(v / bc2) + eps
/// p = p + (c_g*g)/denom
/// p = p + (c_m*m)/denom
/// </code>
/// </summary>
internal static class NAdamKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, in NAdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (KernelDispatch.UseSimd) Simd(param, grad, expAvg, expAvgSq, s);
        else Scalar(param, grad, expAvg, expAvgSq, s);
    }

    internal static void Scalar<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, in NAdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool smallWeight = TorchLerp.IsSmall(s.OneMinusBeta1);
        T oneMinusWeight = T.One - s.OneMinusBeta1;
        for (int i = 0; i < param.Length; i++)
        {
            T p = param[i];
            T g = s.Maximize ? -grad[i] : grad[i];
            if (s.DecoupledDecay) p *= s.DecayFactor;
            else if (s.CoupledDecay) g += s.WeightDecay * p;

            T m = TorchLerp.Scalar(expAvg[i], g, s.OneMinusBeta1, oneMinusWeight, smallWeight);
            T v = expAvgSq[i] * s.Beta2 + s.OneMinusBeta2 * g * g;
            expAvg[i] = m;
            expAvgSq[i] = v;

            T denom = T.Sqrt(v / s.BiasCorrection2) + s.Eps;
            p += s.GradCoefficient * g / denom;
            param[i] = p + s.ExpAvgCoefficient * m / denom;
        }
    }

    internal static void Simd<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expAvgSq, in NAdamScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        int vectorEnd = param.Length - param.Length % width;
        ref T pRef = ref MemoryMarshal.GetReference(param);
        ref T gRef = ref MemoryMarshal.GetReference(grad);
        ref T mRef = ref MemoryMarshal.GetReference(expAvg);
        ref T vRef = ref MemoryMarshal.GetReference(expAvgSq);

        bool smallWeight = TorchLerp.IsSmall(s.OneMinusBeta1);
        var weight = Vector256.Create(s.OneMinusBeta1);
        var oneMinusWeight = Vector256.Create(T.One - s.OneMinusBeta1);
        var decayFactor = Vector256.Create(s.DecayFactor);
        var weightDecay = Vector256.Create(s.WeightDecay);
        var beta2 = Vector256.Create(s.Beta2);
        var oneMinusBeta2 = Vector256.Create(s.OneMinusBeta2);
        var bc2 = Vector256.Create(s.BiasCorrection2);
        var eps = Vector256.Create(s.Eps);
        var gradCoefficient = Vector256.Create(s.GradCoefficient);
        var expAvgCoefficient = Vector256.Create(s.ExpAvgCoefficient);

        for (int i = 0; i < vectorEnd; i += width)
        {
            nuint at = (nuint)i;
            var p = Vector256.LoadUnsafe(ref pRef, at);
            var g = Vector256.LoadUnsafe(ref gRef, at);
            if (s.Maximize) g = -g;
            if (s.DecoupledDecay) p *= decayFactor;
            else if (s.CoupledDecay) g += weightDecay * p;

            var m = TorchLerp.Vector(Vector256.LoadUnsafe(ref mRef, at), g, weight, oneMinusWeight, smallWeight);
            var v = Vector256.LoadUnsafe(ref vRef, at) * beta2 + oneMinusBeta2 * g * g;
            m.StoreUnsafe(ref mRef, at);
            v.StoreUnsafe(ref vRef, at);

            var denom = Vector256.Sqrt(v / bc2) + eps;
            p += gradCoefficient * g / denom;
            (p + expAvgCoefficient * m / denom).StoreUnsafe(ref pRef, at);
        }

        Scalar(param[vectorEnd..], grad[vectorEnd..], expAvg[vectorEnd..], expAvgSq[vectorEnd..], s);
    }
}
