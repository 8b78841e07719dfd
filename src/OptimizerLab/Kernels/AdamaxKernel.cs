using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an Adamax update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct AdamaxScalars<T>(
    bool Maximize,
    bool CoupledDecay,  // weight_decay != 0
    T WeightDecay,
    T OneMinusBeta1,    // lerp weight
    T Beta2,
    T Eps,
    T NegClr);          // -lr / (1 - beta1^t)

/// <summary>
/// One fused pass of torch's <c>_single_tensor_adamax</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// m = lerp(m, g, 1 - beta1)
/// u = max(u*beta2, |g| + eps)          (torch.maximum: NaN propagates)
/// p = p + ((-clr)*m)/u
/// </code>
/// </summary>
internal static class AdamaxKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expInf, in AdamaxScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (KernelDispatch.UseSimd) Simd(param, grad, expAvg, expInf, s);
        else Scalar(param, grad, expAvg, expInf, s);
    }

    internal static void Scalar<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expInf, in AdamaxScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool smallWeight = TorchLerp.IsSmall(s.OneMinusBeta1);
        T oneMinusWeight = T.One - s.OneMinusBeta1;
        for (int i = 0; i < param.Length; i++)
        {
            T p = param[i];
            T g = s.Maximize ? -grad[i] : grad[i];
            if (s.CoupledDecay) g += s.WeightDecay * p;

            T m = TorchLerp.Scalar(expAvg[i], g, s.OneMinusBeta1, oneMinusWeight, smallWeight);
            T u = T.Max(expInf[i] * s.Beta2, T.Abs(g) + s.Eps);
            expAvg[i] = m;
            expInf[i] = u;
            param[i] = p + s.NegClr * m / u;
        }
    }

    internal static void Simd<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> expAvg, Span<T> expInf, in AdamaxScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        int vectorEnd = param.Length - param.Length % width;
        ref T pRef = ref MemoryMarshal.GetReference(param);
        ref T gRef = ref MemoryMarshal.GetReference(grad);
        ref T mRef = ref MemoryMarshal.GetReference(expAvg);
        ref T uRef = ref MemoryMarshal.GetReference(expInf);

        bool smallWeight = TorchLerp.IsSmall(s.OneMinusBeta1);
        var weight = Vector256.Create(s.OneMinusBeta1);
        var oneMinusWeight = Vector256.Create(T.One - s.OneMinusBeta1);
        var weightDecay = Vector256.Create(s.WeightDecay);
        var beta2 = Vector256.Create(s.Beta2);
        var eps = Vector256.Create(s.Eps);
        var negClr = Vector256.Create(s.NegClr);

        for (int i = 0; i < vectorEnd; i += width)
        {
            nuint at = (nuint)i;
            var p = Vector256.LoadUnsafe(ref pRef, at);
            var g = Vector256.LoadUnsafe(ref gRef, at);
            if (s.Maximize) g = -g;
            if (s.CoupledDecay) g += weightDecay * p;

            var m = TorchLerp.Vector(Vector256.LoadUnsafe(ref mRef, at), g, weight, oneMinusWeight, smallWeight);
            var u = Vector256.Max(Vector256.LoadUnsafe(ref uRef, at) * beta2, Vector256.Abs(g) + eps);
            m.StoreUnsafe(ref mRef, at);
            u.StoreUnsafe(ref uRef, at);
            (p + negClr * m / u).StoreUnsafe(ref pRef, at);
        }

        Scalar(param[vectorEnd..], grad[vectorEnd..], expAvg[vectorEnd..], expInf[vectorEnd..], s);
    }
}
