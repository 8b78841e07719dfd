using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an RMSprop update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct RmsPropScalars<T>(
    bool Maximize,
    bool CoupledDecay,   // weight_decay != 0
    bool Centered,
    bool Momentum,       // momentum > 0
    T WeightDecay,
    T Alpha,
    T OneMinusAlpha,     // addcmul value and lerp weight
    T Eps,
    T MomentumFactor,
    T NegLr);

/// <summary>
/// One fused pass of torch's <c>_single_tensor_rmsprop</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// v = v*alpha + ((1 - alpha)*g)*g
/// if centered: ga = lerp(ga, g, 1 - alpha); avg = sqrt(v - ga*ga)   else avg = sqrt(v)
/// avg = avg + eps
/// if momentum &gt; 0: b = b*momentum + g/avg; p = p + (-lr)*b
/// else:             p = p + ((-lr)*g)/avg
/// </code>
/// </summary>
internal static class RmsPropKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> gradAvg, Span<T> momentumBuffer, in RmsPropScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (KernelDispatch.UseSimd) Simd(param, grad, squareAvg, gradAvg, momentumBuffer, s);
        else Scalar(param, grad, squareAvg, gradAvg, momentumBuffer, s);
    }

    internal static void Scalar<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> gradAvg, Span<T> momentumBuffer, in RmsPropScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool smallWeight = TorchLerp.IsSmall(s.OneMinusAlpha);
        T oneMinusWeight = T.One - s.OneMinusAlpha;
        for (int i = 0; i < param.Length; i++)
        {
            T p = param[i];
            T g = s.Maximize ? -grad[i] : grad[i];
            if (s.CoupledDecay) g += s.WeightDecay * p;

            T v = squareAvg[i] * s.Alpha + s.OneMinusAlpha * g * g;
            squareAvg[i] = v;
            T avg;
            if (s.Centered)
            {
                T ga = TorchLerp.Scalar(gradAvg[i], g, s.OneMinusAlpha, oneMinusWeight, smallWeight);
                gradAvg[i] = ga;
                avg = T.Sqrt(v - ga * ga);
            }
            else
            {
                avg = T.Sqrt(v);
            }

            avg += s.Eps;
            if (s.Momentum)
            {
                T b = momentumBuffer[i] * s.MomentumFactor + g / avg;
                momentumBuffer[i] = b;
                param[i] = p + s.NegLr * b;
            }
            else
            {
                param[i] = p + s.NegLr * g / avg;
            }
        }
    }

    internal static void Simd<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> squareAvg, Span<T> gradAvg, Span<T> momentumBuffer, in RmsPropScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        int vectorEnd = param.Length - param.Length % width;
        ref T pRef = ref MemoryMarshal.GetReference(param);
        ref T gRef = ref MemoryMarshal.GetReference(grad);
        ref T vRef = ref MemoryMarshal.GetReference(squareAvg);
        ref T gaRef = ref MemoryMarshal.GetReference(gradAvg);
        ref T bRef = ref MemoryMarshal.GetReference(momentumBuffer);

        bool smallWeight = TorchLerp.IsSmall(s.OneMinusAlpha);
        var weight = Vector256.Create(s.OneMinusAlpha);
        var oneMinusWeight = Vector256.Create(T.One - s.OneMinusAlpha);
        var weightDecay = Vector256.Create(s.WeightDecay);
        var alpha = Vector256.Create(s.Alpha);
        var eps = Vector256.Create(s.Eps);
        var momentum = Vector256.Create(s.MomentumFactor);
        var negLr = Vector256.Create(s.NegLr);

        for (int i = 0; i < vectorEnd; i += width)
        {
            nuint at = (nuint)i;
            var p = Vector256.LoadUnsafe(ref pRef, at);
            var g = Vector256.LoadUnsafe(ref gRef, at);
            if (s.Maximize) g = -g;
            if (s.CoupledDecay) g += weightDecay * p;

            var v = Vector256.LoadUnsafe(ref vRef, at) * alpha + weight * g * g;
            v.StoreUnsafe(ref vRef, at);
            Vector256<T> avg;
            if (s.Centered)
            {
                var ga = TorchLerp.Vector(Vector256.LoadUnsafe(ref gaRef, at), g, weight, oneMinusWeight, smallWeight);
                ga.StoreUnsafe(ref gaRef, at);
                avg = Vector256.Sqrt(v - ga * ga);
            }
            else
            {
                avg = Vector256.Sqrt(v);
            }

            avg += eps;
            if (s.Momentum)
            {
                var b = Vector256.LoadUnsafe(ref bRef, at) * momentum + g / avg;
                b.StoreUnsafe(ref bRef, at);
                (p + negLr * b).StoreUnsafe(ref pRef, at);
            }
            else
            {
                (p + negLr * g / avg).StoreUnsafe(ref pRef, at);
            }
        }

        Scalar(param[vectorEnd..], grad[vectorEnd..], squareAvg[vectorEnd..],
            s.Centered ? gradAvg[vectorEnd..] : default, s.Momentum ? momentumBuffer[vectorEnd..] : default, s);
    }
}
