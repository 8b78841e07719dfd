using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace OptimizerLab.Benchmarks;

/// <summary>
/// The seed step's arithmetic limit, measured: 128k fused multiply-adds (64 × 1000 for the forward pass, the same for
/// the gradient) with every operand in registers, 16 independent Vector512 chains so the FMA pipes never wait on
/// latency. Its time is 128k divided by the machine's peak FMA rate, whatever the clock and pipe count are.
/// </summary>
internal static class ArithmeticLimit
{
    /// <summary>Multiply-adds one seed step needs: 2 · 64 · 1000 = 128 000 (the bias adds 128 more, negligible).</summary>
    public const int MultiplyAdds = 2 * 64 * 1000;

    private const int Chains = 16;

    /// <summary>Runs exactly <see cref="MultiplyAdds"/> multiply-adds; returns their sum so nothing is eliminated.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static float Run(float multiplier, float addend)
    {
        int iterations = MultiplyAdds / (Chains * 16); // 500: 16 chains of 16 float lanes
        var m = Vector512.Create(multiplier);
        var c = Vector512.Create(addend);
        Vector512<float> a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c;
        Vector512<float> a8 = c, a9 = c, a10 = c, a11 = c, a12 = c, a13 = c, a14 = c, a15 = c;
        for (int i = 0; i < iterations; i++)
        {
            a0 = Vector512.FusedMultiplyAdd(a0, m, c); a1 = Vector512.FusedMultiplyAdd(a1, m, c);
            a2 = Vector512.FusedMultiplyAdd(a2, m, c); a3 = Vector512.FusedMultiplyAdd(a3, m, c);
            a4 = Vector512.FusedMultiplyAdd(a4, m, c); a5 = Vector512.FusedMultiplyAdd(a5, m, c);
            a6 = Vector512.FusedMultiplyAdd(a6, m, c); a7 = Vector512.FusedMultiplyAdd(a7, m, c);
            a8 = Vector512.FusedMultiplyAdd(a8, m, c); a9 = Vector512.FusedMultiplyAdd(a9, m, c);
            a10 = Vector512.FusedMultiplyAdd(a10, m, c); a11 = Vector512.FusedMultiplyAdd(a11, m, c);
            a12 = Vector512.FusedMultiplyAdd(a12, m, c); a13 = Vector512.FusedMultiplyAdd(a13, m, c);
            a14 = Vector512.FusedMultiplyAdd(a14, m, c); a15 = Vector512.FusedMultiplyAdd(a15, m, c);
        }

        var sum = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)) + ((a8 + a9) + (a10 + a11)) + ((a12 + a13) + (a14 + a15));
        return Vector512.Sum(sum);
    }
}
