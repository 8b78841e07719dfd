using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an Adagrad update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct AdagradScalars<T>(
    bool Maximize,
    bool CoupledDecay, // weight_decay != 0
    T WeightDecay,
    T Eps,
    T NegClr);         // -lr / (1 + (step - 1)*lr_decay)

/// <summary>
/// One fused pass of torch's <c>_single_tensor_adagrad</c> (dense gradients) over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// sum = sum + g*g
/// p = p + ((-clr)*g)/(sqrt(sum) + eps)
/// </code>
/// </summary>
internal static class AdagradKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> sum, in AdagradScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (KernelDispatch.UseSimd) Simd(param, grad, sum, s);
        else Scalar(param, grad, sum, s);
    }

    internal static void Scalar<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> sum, in AdagradScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < param.Length; i++)
        {
            T p = param[i];
            T g = s.Maximize ? -grad[i] : grad[i];
            if (s.CoupledDecay) g += s.WeightDecay * p;

            T acc = sum[i] + g * g;
            sum[i] = acc;
            param[i] = p + s.NegClr * g / (T.Sqrt(acc) + s.Eps);
        }
    }

    internal static void Simd<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> sum, in AdagradScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = Vector256<T>.Count;
        int vectorEnd = param.Length - param.Length % width;
        ref T pRef = ref MemoryMarshal.GetReference(param);
        ref T gRef = ref MemoryMarshal.GetReference(grad);
        ref T sumRef = ref MemoryMarshal.GetReference(sum);

        var weightDecay = Vector256.Create(s.WeightDecay);
        var eps = Vector256.Create(s.Eps);
        var negClr = Vector256.Create(s.NegClr);

        for (int i = 0; i < vectorEnd; i += width)
        {
            nuint at = (nuint)i;
            var p = Vector256.LoadUnsafe(ref pRef, at);
            var g = Vector256.LoadUnsafe(ref gRef, at);
            if (s.Maximize) g = -g;
            if (s.CoupledDecay) g += weightDecay * p;

            var acc = Vector256.LoadUnsafe(ref sumRef, at) + g * g;
            acc.StoreUnsafe(ref sumRef, at);
            (p + negClr * g / (Vector256.Sqrt(acc) + eps)).StoreUnsafe(ref pRef, at);
        }

        Scalar(param[vectorEnd..], grad[vectorEnd..], sum[vectorEnd..], s);
    }
}
