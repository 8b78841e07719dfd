using System.Numerics;
using System.Runtime.InteropServices;
using OptimizerLab.Kernels.Lanes;

namespace OptimizerLab.Kernels;

/// <summary>The per-step scalars of an ASGD update, computed in double as torch computes them in Python, then rounded to T once.</summary>
internal readonly record struct AsgdScalars<T>(
    bool Maximize,
    bool CoupledDecay, // weight_decay != 0
    bool Average,      // mu != 1; otherwise ax becomes a copy of p
    T WeightDecay,
    T DecayFactor,     // 1 - lambd*eta
    T NegEta,          // alpha of param.add_(grad, alpha=-eta)
    T Mu);

/// <summary>
/// One fused pass of torch's <c>_single_tensor_asgd</c> over a parameter. Per element, in torch's order:
/// <code>
/// g = maximize ? -grad : grad
/// if wd != 0: g = g + wd*p
/// p = p*(1 - lambd*eta)
/// p = p + (-eta)*g
/// ax = mu != 1 ? ax + (p - ax)*mu : p
/// </code>
/// </summary>
internal static class AsgdKernel
{
    public static void Update<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> ax, in AsgdScalars<T> s)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var loop = new Loop<T>(param, grad, ax, s);
        KernelDispatch.Run<T, Loop<T>>(ref loop);
    }

    /// <summary>The loop body, once for every width.</summary>
    internal readonly ref struct Loop<T>(Span<T> param, ReadOnlySpan<T> grad, Span<T> ax, AsgdScalars<T> s) : ILaneLoop<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly Span<T> _param = param;
        private readonly ReadOnlySpan<T> _grad = grad;
        private readonly Span<T> _ax = ax;
        private readonly AsgdScalars<T> _s = s;

        public int Length { get; } = KernelDispatch.CommonLength(param.Length, grad.Length, ax.Length);

        public int Run<TLanes>(int start) where TLanes : struct, ILanes<TLanes, T>
        {
            AsgdScalars<T> s = _s;
            var opening = new GradientOpening<T, TLanes>(s.Maximize, s.CoupledDecay, s.WeightDecay);
            var decayFactor = TLanes.Splat(s.DecayFactor);
            var negEta = TLanes.Splat(s.NegEta);
            var mu = TLanes.Splat(s.Mu);

            ref T pRef = ref MemoryMarshal.GetReference(_param);
            ref T gRef = ref MemoryMarshal.GetReference(_grad);
            ref T axRef = ref MemoryMarshal.GetReference(_ax);
            int i = start;
            for (int last = Length - TLanes.Count; i <= last; i += TLanes.Count)
            {
                nuint at = (nuint)i;
                opening.Load(ref pRef, ref gRef, at, out var p, out var g);
                p = p * decayFactor + negEta * g;
                p.Store(ref pRef, at);
                if (s.Average)
                {
                    var a = TLanes.Load(ref axRef, at);
                    (a + (p - a) * mu).Store(ref axRef, at);
                }
                else
                {
                    p.Store(ref axRef, at);
                }
            }

            return i;
        }
    }
}
