using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an SGD update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct SgdScalars<T>(
    bool Maximize,
    bool CoupledDecay,      // weight_decay != 0
    bool Momentum,          // momentum != 0
    bool FirstMomentumStep, // the buffer is torch's None: it becomes a copy of the gradient
    bool Nesterov,
    T WeightDecay,          // alpha of grad.add(param, alpha=weight_decay)
    T MomentumFactor,
    T OneMinusDampening,    // alpha of buf.add_(grad, alpha=1 - dampening)
    T NegLr);               // alpha of param.add_(grad, alpha=-lr)

/// <summary>
/// One fused pass of torch's <c>_single_tensor_sgd</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// if momentum != 0:
///     b = first ? g : b*momentum + (1 - dampening)*g
///     g = nesterov ? g + momentum*b : b
/// p = p + (-lr)*g
/// </code>
/// </summary>
internal static class SgdKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> momentumBuffer, in SgdScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (KernelDispatch.UseSimd) Simd(param, grad, momentumBuffer, s);
        else Scalar(param, grad, momentumBuffer, s);
    }

    internal static void Scalar<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> momentumBuffer, in SgdScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < param.Length; i++)
        {
            T p = param[i];
            T g = s.Maximize ? -grad[i] : grad[i];
            if (s.CoupledDecay) g += s.WeightDecay * p;
            if (s.Momentum)
            {
                T b = s.FirstMomentumStep ? g : momentumBuffer[i] * s.MomentumFactor + s.OneMinusDampening * g;
                momentumBuffer[i] = b;
                g = s.Nesterov ? g + s.MomentumFactor * b : b;
            }

            param[i] = p + s.NegLr * g;
        }
    }

    internal static void Simd<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> momentumBuffer, in SgdScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        int vectorEnd = param.Length - param.Length % width;
        ref T pRef = ref MemoryMarshal.GetReference(param);
        ref T gRef = ref MemoryMarshal.GetReference(grad);
        ref T bRef = ref MemoryMarshal.GetReference(momentumBuffer);

        var weightDecay = Vector256.Create(s.WeightDecay);
        var momentum = Vector256.Create(s.MomentumFactor);
        var oneMinusDampening = Vector256.Create(s.OneMinusDampening);
        var negLr = Vector256.Create(s.NegLr);

        for (int i = 0; i < vectorEnd; i += width)
        {
            nuint at = (nuint)i;
            var p = Vector256.LoadUnsafe(ref pRef, at);
            var g = Vector256.LoadUnsafe(ref gRef, at);
            if (s.Maximize) g = -g;
            if (s.CoupledDecay) g += weightDecay * p;
            if (s.Momentum)
            {
                var b = s.FirstMomentumStep ? g : Vector256.LoadUnsafe(ref bRef, at) * momentum + oneMinusDampening * g;
                b.StoreUnsafe(ref bRef, at);
                g = s.Nesterov ? g + momentum * b : b;
            }

            (p + negLr * g).StoreUnsafe(ref pRef, at);
        }

        Scalar(param[vectorEnd..], grad[vectorEnd..], s.Momentum ? momentumBuffer[vectorEnd..] : default, s);
    }
}
